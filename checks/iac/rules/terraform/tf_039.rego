package shiftgate.rules.terraform.TF_039

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-039",
	"title": "Amazon MQ broker without a customer-managed key",
	"severity": "medium",
	"description": "Without encryption_options the broker's data is encrypted with an AWS-owned key the account cannot control, audit or revoke.",
	"remediation": "Add `encryption_options { kms_key_id = aws_kms_key.mq.arn, use_aws_owned_key = false }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/mq_broker",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s has no encryption options", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_mq_broker
	r.type in {"aws_mq_broker"}
	tf.unset(r, ["encryption_options"])
}
