package shiftgate.rules.terraform.TF_065

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-065",
	"title": "Kinesis stream not encrypted",
	"severity": "medium",
	"description": "A stream without KMS encryption stores its records in clear text.",
	"remediation": "Set `encryption_type = \"KMS\"` and `kms_key_id`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_stream",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with KMS", [tf.rname(r)]), "line": tf.pline(r, ["encryption_type"]), "path": r.path} if {
	some r in input.by_type.aws_kinesis_stream
	r.type == "aws_kinesis_stream"
	not kms(r)
	not tf.ref_at(r, ["encryption_type"])
}

deny contains {"msg": sprintf("%s uses KMS without a key", [tf.rname(r)]), "line": tf.line(r, "encryption_type"), "path": r.path} if {
	some r in input.by_type.aws_kinesis_stream
	r.type == "aws_kinesis_stream"
	kms(r)
	tf.unset(r, ["kms_key_id"])
}

kms(r) if tf.at(r, ["encryption_type"]) == "KMS"
