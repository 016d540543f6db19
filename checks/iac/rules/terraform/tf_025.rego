package shiftgate.rules.terraform.TF_025

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-025",
	"title": "AWS access key hard-coded in a Lambda environment",
	"severity": "critical",
	"description": "An access key id in the function’s environment is visible to anyone who can read the function configuration.",
	"remediation": "Give the function an execution role; never put keys in environment variables.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function",
	],
	"cwe": [
		"CWE-798",
	],
	"redact": true,
}

deny contains {"msg": sprintf("%s has an AWS access key in variable %s", [tf.rname(r), k]), "line": object.get(object.get(vars, "__lines__", {}), k, r.line), "path": r.path} if {
	some r in input.by_type.aws_lambda_function
	r.type == "aws_lambda_function"
	some e in r.config.environment
	vars := e.variables
	some k, v in vars
	not startswith(k, "__")
	is_string(v)
	regex.match(`(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}`, v)
}
