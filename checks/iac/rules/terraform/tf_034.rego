package shiftgate.rules.terraform.TF_034

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-034",
	"title": "S3 bucket without default encryption settings",
	"severity": "low",
	"description": "The bucket declares no server-side encryption configuration, so it relies on the account default (SSE-S3) instead of a key you control and audit.",
	"remediation": "Add an `aws_s3_bucket_server_side_encryption_configuration` (sse_algorithm \"aws:kms\" with your key) for the bucket.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration",
		"CIS AWS Foundations Benchmark 2.1.1",
	],
	"cwe": [
		"CWE-311",
	],
}

encrypted(b) if b.config.server_side_encryption_configuration

encrypted(b) if b.module

encrypted(b) if {
	some e in input.by_type.aws_s3_bucket_server_side_encryption_configuration
	e.type == "aws_s3_bucket_server_side_encryption_configuration"
	tf.refers(e.config.bucket, b)
}

deny contains {"msg": sprintf("%s declares no server-side encryption", [tf.rname(b)]), "line": b.line, "path": b.path} if {
	some b in input.by_type.aws_s3_bucket
	b.type == "aws_s3_bucket"
	not encrypted(b)
}
