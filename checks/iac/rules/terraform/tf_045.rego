package shiftgate.rules.terraform.TF_045

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-045",
	"title": "CloudWatch log group not encrypted with a customer key",
	"severity": "low",
	"description": "Log groups often hold tokens and personal data; without a KMS key their encryption cannot be controlled or revoked by the account.",
	"remediation": "Set `kms_key_id`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with a customer-managed key", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_cloudwatch_log_group
	r.type in {"aws_cloudwatch_log_group"}
	tf.unset(r, ["kms_key_id"])
}
