package shiftgate.rules.terraform.TF_020

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-020",
	"title": "SQS queue not encrypted",
	"severity": "medium",
	"description": "Messages in the queue are stored unencrypted.",
	"remediation": "Set `sqs_managed_sse_enabled = true` or a `kms_master_key_id`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_sqs_queue
	r.type == "aws_sqs_queue"
	not lib.has(r.config, "kms_master_key_id")
	not r.config.sqs_managed_sse_enabled == true
}

deny contains {"msg": sprintf("%s has an empty kms_master_key_id", [tf.rname(r)]), "line": tf.line(r, "kms_master_key_id"), "path": r.path} if {
	some r in input.by_type.aws_sqs_queue
	r.type == "aws_sqs_queue"
	r.config.kms_master_key_id == ""
	not r.config.sqs_managed_sse_enabled == true
}
