package shiftgate.rules.terraform.TF_009

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-009",
	"title": "EBS volume not encrypted",
	"severity": "high",
	"description": "An unencrypted EBS volume (and its snapshots) stores data in clear text.",
	"remediation": "Set `encrypted = true` (and kms_key_id), or enable EBS encryption by default.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_volume",
		"CIS AWS Foundations Benchmark 2.2.1",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted", [tf.rname(r)]), "line": tf.line(r, "encrypted"), "path": r.path} if {
	some r in input.by_type.aws_ebs_volume
	r.type == "aws_ebs_volume"
	not r.config.encrypted == true
	not r.config.snapshot_id
}
