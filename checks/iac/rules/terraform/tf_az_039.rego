package shiftgate.rules.terraform.TF_AZ_039

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-039",
	"title": "Redis cache allows non-TLS connections",
	"severity": "medium",
	"description": "The non-SSL port 6379 carries the access key and data in clear text.",
	"remediation": "Set `enable_non_ssl_port = false` (`non_ssl_port_enabled` in provider 4.x).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/redis_cache",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s opens the non-TLS port", [tf.rname(r)]), "line": tf.pline(r, ["enable_non_ssl_port"]), "path": r.path} if {
	some r in input.by_type.azurerm_redis_cache
	r.type in {"azurerm_redis_cache"}
	tf.is_on(r, ["enable_non_ssl_port"])
}

deny contains {"msg": sprintf("%s opens the non-TLS port", [tf.rname(r)]), "line": tf.pline(r, ["non_ssl_port_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_redis_cache
	r.type in {"azurerm_redis_cache"}
	tf.is_on(r, ["non_ssl_port_enabled"])
}
