package shiftgate.rules.terraform.TF_013

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-013",
	"title": "S3 bucket access logging disabled",
	"severity": "low",
	"description": "Without server access logging there is no record of who read or changed the bucket.",
	"remediation": "Add a `logging` block or an `aws_s3_bucket_logging` resource for the bucket.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_logging",
		"CIS AWS Foundations Benchmark 3.6",
	],
	"cwe": [
		"CWE-778",
	],
}

logged(b) if b.config.logging

logged(b) if b.module

logged(b) if {
	some l in input.by_type.aws_s3_bucket_logging
	l.type == "aws_s3_bucket_logging"
	tf.refers(l.config.bucket, b)
}

deny contains {"msg": sprintf("%s has no access logging", [tf.rname(b)]), "line": b.line, "path": b.path} if {
	some b in input.by_type.aws_s3_bucket
	b.type == "aws_s3_bucket"
	not logged(b)
}
