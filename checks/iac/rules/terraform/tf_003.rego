package shiftgate.rules.terraform.TF_003

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-003",
	"title": "S3 public access block allows public policies",
	"severity": "high",
	"description": "With block_public_policy or restrict_public_buckets off, a bucket policy can make the bucket public.",
	"remediation": "Set block_public_policy and restrict_public_buckets to true.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
		"CIS AWS Foundations Benchmark 2.1.5",
	],
	"cwe": [
		"CWE-284",
	],
}

keys := ["block_public_policy", "restrict_public_buckets"]

deny contains {"msg": sprintf("%s sets %s = false", [tf.rname(r), k]), "line": tf.line(r, k), "path": r.path} if {
	some t_ in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some k in keys
	r.config[k] == false
}

deny contains {"msg": sprintf("%s does not set block_public_policy", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	not lib.has(r.config, "block_public_policy")
}
