package shiftgate.rules.terraform.TF_084

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-084",
	"title": "S3 public access does not restrict public buckets",
	"severity": "high",
	"description": "With restrict_public_buckets off, a bucket whose policy is public stays reachable by anonymous and cross-account principals.",
	"remediation": "Set `restrict_public_buckets = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS AWS Foundations 1.5.0 2.1.5"],
}

deny contains {"msg": sprintf("%s does not restrict public buckets", [tf.rname(r)]), "line": tf.pline(r, ["restrict_public_buckets"]), "path": r.path} if {
	some t_ in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	tf.off(r, ["restrict_public_buckets"])
}

# terraform-aws-modules/s3-bucket: off by default before version 4.
deny contains {"msg": sprintf("%s does not restrict public buckets", [tf.rname(r)]), "line": tf.pline(r, ["restrict_public_buckets"]), "path": r.path} if {
	some r in input.by_type.aws_s3_bucket
	r.type == "aws_s3_bucket"
	r.module
	tf.false_at(r, ["restrict_public_buckets"])
}
