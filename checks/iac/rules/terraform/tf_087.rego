package shiftgate.rules.terraform.TF_087

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-087",
	"title": "SNS topic encrypted with the AWS-managed key",
	"severity": "low",
	"description": "alias/aws/sns cannot be used by other accounts' publishers and its key policy cannot be tightened.",
	"remediation": "Use a customer-managed KMS key.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s uses the AWS-managed key", [tf.rname(r)]), "line": tf.line(r, "kms_master_key_id"), "path": r.path} if {
	some r in input.by_type.aws_sns_topic
	r.type == "aws_sns_topic"
	r.config.kms_master_key_id == "alias/aws/sns"
}
