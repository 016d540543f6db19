package shiftgate.rules.terraform.TF_015

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-015",
	"title": "CloudTrail log file validation disabled",
	"severity": "low",
	"description": "Without log file validation, tampering with delivered CloudTrail logs goes unnoticed.",
	"remediation": "Set `enable_log_file_validation = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
		"CIS AWS Foundations Benchmark 3.2",
	],
	"cwe": [
		"CWE-354",
	],
}

deny contains {"msg": sprintf("%s does not validate log files", [tf.rname(r)]), "line": tf.line(r, "enable_log_file_validation"), "path": r.path} if {
	some r in input.by_type.aws_cloudtrail
	r.type == "aws_cloudtrail"
	not r.config.enable_log_file_validation == true
}
