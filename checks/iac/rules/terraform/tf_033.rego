package shiftgate.rules.terraform.TF_033

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-033",
	"title": "S3 public access block allows public ACLs",
	"severity": "high",
	"description": "With block_public_acls or ignore_public_acls off, an object or bucket ACL can make data public.",
	"remediation": "Set block_public_acls and ignore_public_acls to true.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
		"CIS AWS Foundations Benchmark 2.1.5",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s sets %s = false", [tf.rname(r), k]), "line": tf.line(r, k), "path": r.path} if {
	some t_ in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	some k in ["block_public_acls", "ignore_public_acls"]
	r.config[k] == false
}
