package shiftgate.rules.terraform.TF_040

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-040",
	"title": "API Gateway stage without access logging",
	"severity": "medium",
	"description": "Without access logs there is no record of who called the API.",
	"remediation": "Add `access_log_settings { destination_arn = ..., format = ... }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_stage",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s has no access logging", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"aws_api_gateway_stage", "aws_apigatewayv2_stage"}
	some r in input.by_type[t_]
	r.type in {"aws_api_gateway_stage", "aws_apigatewayv2_stage"}
	tf.unset(r, ["access_log_settings"])
}
