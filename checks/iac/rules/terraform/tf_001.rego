package shiftgate.rules.terraform.TF_001

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-001",
	"title": "S3 bucket ACL is public",
	"severity": "critical",
	"description": "A public-read, public-read-write or authenticated-read ACL lets anyone (or any AWS account) list or write the bucket.",
	"remediation": "Use `acl = \"private\"` (or drop ACLs: object ownership BucketOwnerEnforced) and block public access.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl",
		"CIS AWS Foundations Benchmark 2.1.5",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS AWS Foundations 1.5.0 2.1.5"],
}

public := {"public-read", "public-read-write", "authenticated-read", "website"}

deny contains {"msg": sprintf("%s grants the %s ACL", [tf.rname(r), r.config.acl]), "line": tf.line(r, "acl"), "path": r.path} if {
	some t_ in {"aws_s3_bucket", "aws_s3_bucket_acl", "aws_s3_object", "aws_s3_bucket_object"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket", "aws_s3_bucket_acl", "aws_s3_object", "aws_s3_bucket_object"}
	r.config.acl in public
}
