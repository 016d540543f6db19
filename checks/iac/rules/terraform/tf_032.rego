package shiftgate.rules.terraform.TF_032

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-032",
	"title": "EC2 instance gets a public IP",
	"severity": "medium",
	"description": "associate_public_ip_address = true puts the instance directly on the internet.",
	"remediation": "Place instances in private subnets behind a load balancer or NAT.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s gets a public IP address", [tf.rname(r)]), "line": tf.line(r, "associate_public_ip_address"), "path": r.path} if {
	some t_ in {"aws_instance", "aws_launch_template"}
	some r in input.by_type[t_]
	r.type in {"aws_instance", "aws_launch_template"}
	r.config.associate_public_ip_address == true
}
