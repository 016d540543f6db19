package shiftgate.rules.terraform.TF_041

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-041",
	"title": "API Gateway stage without X-Ray tracing",
	"severity": "low",
	"description": "Without tracing, requests cannot be followed through the services behind the API during an investigation.",
	"remediation": "Set `xray_tracing_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_stage",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s does not trace requests with X-Ray", [tf.rname(r)]), "line": tf.pline(r, ["xray_tracing_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_api_gateway_stage
	r.type in {"aws_api_gateway_stage"}
	tf.off(r, ["xray_tracing_enabled"])
}
