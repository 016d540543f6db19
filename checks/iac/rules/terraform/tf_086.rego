package shiftgate.rules.terraform.TF_086

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-086",
	"title": "MSK brokers publicly accessible",
	"severity": "high",
	"description": "With public access SERVICE_PROVIDED_EIPS the Kafka brokers get public IP addresses.",
	"remediation": "Set `public_access { type = \"DISABLED\" }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s gives its brokers public IPs", [tf.rname(r)]), "line": tf.pline(r, ["broker_node_group_info", "connectivity_info", "public_access"]), "path": r.path} if {
	some r in input.by_type.aws_msk_cluster
	r.type == "aws_msk_cluster"
	p := tf.first(tf.at(r, ["broker_node_group_info", "connectivity_info", "public_access"]))
	p.type == "SERVICE_PROVIDED_EIPS"
}
