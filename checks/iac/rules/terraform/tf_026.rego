package shiftgate.rules.terraform.TF_026

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-026",
	"title": "Lambda function without X-Ray tracing",
	"severity": "low",
	"description": "Without active tracing, requests through the function cannot be followed during an investigation.",
	"remediation": "Add `tracing_config { mode = \"Active\" }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s does not trace with X-Ray", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_lambda_function
	r.type == "aws_lambda_function"
	not r.config.tracing_config
}

deny contains {"msg": sprintf("%s traces in %s mode", [tf.rname(r), t.mode]), "line": lib.line_of(t, "mode"), "path": r.path} if {
	some r in input.by_type.aws_lambda_function
	r.type == "aws_lambda_function"
	some t in r.config.tracing_config
	t.mode != "Active"
}
