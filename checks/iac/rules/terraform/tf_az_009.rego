package shiftgate.rules.terraform.TF_AZ_009

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-009",
	"title": "Cognitive Search reachable from public networks",
	"severity": "medium",
	"description": "A search service with public network access answers queries from any network.",
	"remediation": "Set `public_network_access_enabled = false` and use private endpoints.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/search_service",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s allows public network access", [tf.rname(r)]), "line": tf.pline(r, ["public_network_access_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_search_service
	r.type in {"azurerm_search_service"}
	tf.unset(r, ["public_network_access_enabled"])
}

deny contains {"msg": sprintf("%s allows public network access", [tf.rname(r)]), "line": tf.pline(r, ["public_network_access_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_search_service
	r.type in {"azurerm_search_service"}
	tf.is_on(r, ["public_network_access_enabled"])
}
