package shiftgate.rules.terraform.TF_008

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-008",
	"title": "S3 object not encrypted",
	"severity": "high",
	"description": "An S3 object written without server-side encryption settings relies on bucket defaults that may not use KMS.",
	"remediation": "Set `server_side_encryption = \"aws:kms\"` (and kms_key_id) on the object.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_object",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s sets no server-side encryption", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"aws_s3_bucket_object", "aws_s3_object"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket_object", "aws_s3_object"}
	not r.config.server_side_encryption
	not r.config.kms_key_id
}
