package shiftgate.rules.terraform.TF_077

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-077",
	"title": "Subnet gives instances public IPs",
	"severity": "medium",
	"description": "With map_public_ip_on_launch every instance started in the subnet gets a public address.",
	"remediation": "Set `map_public_ip_on_launch = false` and give public addresses only where needed.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/subnet",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("%s gives every instance a public IP", [tf.rname(r)]), "line": tf.pline(r, ["map_public_ip_on_launch"]), "path": r.path} if {
	some t_ in {"aws_subnet", "aws_default_subnet"}
	some r in input.by_type[t_]
	r.type in {"aws_subnet", "aws_default_subnet"}
	tf.is_on(r, ["map_public_ip_on_launch"])
}
