package shiftgate.rules.terraform.TF_030

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-030",
	"title": "S3 bucket versioning disabled",
	"severity": "low",
	"description": "Without versioning, an overwritten or deleted object cannot be recovered (ransomware, mistakes).",
	"remediation": "Enable versioning (`aws_s3_bucket_versioning` with status \"Enabled\").",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning",
	],
	"cwe": [
		"CWE-693",
	],
}

versioned(b) if {
	some v in b.config.versioning
	v.enabled == true
}

versioned(b) if b.config.versioning.enabled == true

deny contains {"msg": sprintf("%s has versioning disabled", [tf.rname(b)]), "line": lib.line_of(b.config.versioning, "enabled"), "path": b.path} if {
	some b in input.by_type.aws_s3_bucket
	b.type == "aws_s3_bucket"
	b.config.versioning.enabled == false
}

versioned(b) if {
	some v in input.by_type.aws_s3_bucket_versioning
	v.type == "aws_s3_bucket_versioning"
	tf.refers(v.config.bucket, b)
}

deny contains {"msg": sprintf("%s has versioning disabled", [tf.rname(b)]), "line": lib.line_of(v, "enabled"), "path": b.path} if {
	some b in input.by_type.aws_s3_bucket
	b.type == "aws_s3_bucket"
	is_array(b.config.versioning)
	some v in b.config.versioning
	v.enabled == false
}

deny contains {"msg": sprintf("%s does not enable versioning", [tf.rname(b)]), "line": v.__line__, "path": b.path} if {
	some b in input.by_type.aws_s3_bucket
	b.type == "aws_s3_bucket"
	is_array(b.config.versioning)
	some v in b.config.versioning
	not lib.has(v, "enabled")
}

deny contains {"msg": sprintf("%s has no versioning", [tf.rname(b)]), "line": b.line, "path": b.path} if {
	some b in input.by_type.aws_s3_bucket
	b.type == "aws_s3_bucket"
	not b.config.versioning
	not versioned(b)
}

deny contains {"msg": sprintf("%s suspends versioning", [tf.rname(v)]), "line": lib.line_of(c, "status"), "path": v.path} if {
	some v in input.by_type.aws_s3_bucket_versioning
	v.type == "aws_s3_bucket_versioning"
	some c in v.config.versioning_configuration
	c.status in {"Suspended", "Disabled"}
}
