package shiftgate.rules.terraform.TF_076

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-076",
	"title": "SNS topic not encrypted",
	"severity": "medium",
	"description": "Messages of a topic without kms_master_key_id are stored unencrypted.",
	"remediation": "Set `kms_master_key_id`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted", [tf.rname(r)]), "line": tf.pline(r, ["kms_master_key_id"]), "path": r.path} if {
	some r in input.by_type.aws_sns_topic
	r.type == "aws_sns_topic"
	tf.unset(r, ["kms_master_key_id"])
}

deny contains {"msg": sprintf("%s has an empty kms_master_key_id", [tf.rname(r)]), "line": tf.line(r, "kms_master_key_id"), "path": r.path} if {
	some r in input.by_type.aws_sns_topic
	r.type == "aws_sns_topic"
	r.config.kms_master_key_id == ""
}
