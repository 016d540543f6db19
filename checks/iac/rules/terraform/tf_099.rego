package shiftgate.rules.terraform.TF_099

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-099",
	"title": "S3 bucket serves a static website",
	"severity": "low",
	"description": "S3 website endpoints serve plain HTTP only and need public read access to the content.",
	"remediation": "Serve the content through CloudFront with an origin access control instead.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_website_configuration",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s hosts a static website", [tf.rname(r)]), "line": tf.line(r, "website"), "path": r.path} if {
	some r in input.by_type.aws_s3_bucket
	r.type == "aws_s3_bucket"
	tf.at(r, ["website"])
}

deny contains {"msg": sprintf("%s hosts a static website", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_s3_bucket_website_configuration
	r.type == "aws_s3_bucket_website_configuration"
}
