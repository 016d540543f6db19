package shiftgate.rules.terraform.TF_096

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-096",
	"title": "API Gateway cache not encrypted",
	"severity": "medium",
	"description": "With caching on and cache_data_encrypted off, cached responses are stored in clear text.",
	"remediation": "Set `cache_data_encrypted = true` in the method settings.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method_settings",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s caches responses unencrypted", [tf.rname(r)]), "line": tf.pline(r, ["settings", "cache_data_encrypted"]), "path": r.path} if {
	some r in input.by_type.aws_api_gateway_method_settings
	r.type == "aws_api_gateway_method_settings"
	tf.is_on(r, ["settings", "caching_enabled"])
	tf.off(r, ["settings", "cache_data_encrypted"])
}
