package shiftgate.rules.cloudformation.CFN_076

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-076",
	"title": "AWS access key in a Lambda environment",
	"severity": "critical",
	"description": "An environment variable of a Lambda function holds an AWS access key id or secret key, readable by anyone who can read the template or the function's configuration.",
	"remediation": "Give the function an execution role instead of keys; keep other secrets in Secrets Manager.",
	"references": ["https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"],
	"cwe": ["CWE-798"],
	"redact": true,
}

deny contains {"msg": sprintf("%s: environment variable %s holds an AWS key", [cfn.name(r), k]), "line": vars.__lines__[k]} if {
	some r in cfn.resources_of({"AWS::Lambda::Function", "AWS::Serverless::Function"})
	vars := r.properties.Environment.Variables
	some k, v in vars
	is_string(v)
	key_like(v)
}

key_like(v) if regex.match(`^(AKIA|ASIA)[A-Z0-9]{16}$`, v)

# a secret access key: 40 base64 characters standing alone in the value
key_like(v) if regex.match(`(^|[^A-Za-z0-9/+=])[A-Za-z0-9/+]{40}([^A-Za-z0-9/+=]|$)`, v)
