package shiftgate.rules.terraform.TF_103

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-103",
	"title": "Lambda function URL without authentication",
	"severity": "high",
	"description": "A function URL with authorization_type NONE lets anyone on the internet invoke the function.",
	"remediation": "Use `authorization_type = \"AWS_IAM\"`, or put the function behind an authenticated API.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function_url",
	],
	"cwe": [
		"CWE-306",
	],
}

deny contains {"msg": sprintf("%s can be invoked by anyone", [tf.rname(r)]), "line": tf.line(r, "authorization_type"), "path": r.path} if {
	some r in input.by_type.aws_lambda_function_url
	r.config.authorization_type == "NONE"
}
