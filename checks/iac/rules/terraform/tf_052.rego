package shiftgate.rules.terraform.TF_052

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-052",
	"title": "EC2 detailed monitoring disabled",
	"severity": "low",
	"description": "Without detailed monitoring, metrics come every 5 minutes, too coarse to spot abuse such as crypto-mining bursts.",
	"remediation": "Set `monitoring = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s does not enable detailed monitoring", [tf.rname(r)]), "line": tf.pline(r, ["monitoring"]), "path": r.path} if {
	some r in input.by_type.aws_instance
	r.type in {"aws_instance"}
	tf.off(r, ["monitoring"])
}
