package shiftgate.rules.terraform.TF_054

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-054",
	"title": "EFS file system without a customer-managed key",
	"severity": "low",
	"description": "Without kms_key_id the file system is encrypted with the AWS-managed key, or not at all when encrypted is false.",
	"remediation": "Set `encrypted = true` and `kms_key_id`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/efs_file_system",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with a customer-managed key", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_efs_file_system
	r.type in {"aws_efs_file_system"}
	tf.unset(r, ["kms_key_id"])
}
