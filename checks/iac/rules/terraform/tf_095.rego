package shiftgate.rules.terraform.TF_095

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-095",
	"title": "API Gateway domain accepts TLS 1.0",
	"severity": "medium",
	"description": "A custom domain with security policy TLS_1_0 (or none) accepts deprecated TLS versions.",
	"remediation": "Set `security_policy = \"TLS_1_2\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name",
	],
	"cwe": [
		"CWE-326",
	],
}

deny contains {"msg": sprintf("%s does not require TLS 1.2", [tf.rname(r)]), "line": tf.pline(r, ["security_policy"]), "path": r.path} if {
	some r in input.by_type.aws_api_gateway_domain_name
	r.type == "aws_api_gateway_domain_name"
	not tls12(r)
	not tf.ref_at(r, ["security_policy"])
}

tls12(r) if startswith(tf.at(r, ["security_policy"]), "TLS_1_2")
