package shiftgate.rules.terraform.TF_083

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-083",
	"title": "S3 bucket module does not ignore public ACLs",
	"severity": "high",
	"description": "A terraform-aws-modules/s3-bucket call that turns off ignore_public_acls (off by default before version 4 of the module) lets ACLs make objects public.",
	"remediation": "Set `ignore_public_acls = true` (the default from version 4 of the module).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s does not ignore public ACLs", [tf.rname(r)]), "line": tf.pline(r, ["ignore_public_acls"]), "path": r.path} if {
	some r in input.by_type.aws_s3_bucket
	r.type == "aws_s3_bucket"
	r.module
	tf.false_at(r, ["ignore_public_acls"])
}
