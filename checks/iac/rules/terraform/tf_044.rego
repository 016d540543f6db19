package shiftgate.rules.terraform.TF_044

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-044",
	"title": "CloudFront distribution without access logging",
	"severity": "medium",
	"description": "Without access logs there is no record of the requests a distribution served.",
	"remediation": "Add `logging_config { bucket = ... }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s has no access logging", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_cloudfront_distribution
	r.type in {"aws_cloudfront_distribution"}
	tf.unset(r, ["logging_config"])
}
