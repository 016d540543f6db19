package shiftgate.rules.terraform.TF_014

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-014",
	"title": "CloudTrail logging disabled",
	"severity": "high",
	"description": "A trail with enable_logging = false records nothing.",
	"remediation": "Set `enable_logging = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
		"CIS AWS Foundations Benchmark 3.1",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s has logging disabled", [tf.rname(r)]), "line": tf.line(r, "enable_logging"), "path": r.path} if {
	some r in input.by_type.aws_cloudtrail
	r.type == "aws_cloudtrail"
	r.config.enable_logging == false
}
