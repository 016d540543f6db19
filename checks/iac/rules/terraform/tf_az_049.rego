package shiftgate.rules.terraform.TF_AZ_049

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-049",
	"title": "Storage account accepts plain HTTP",
	"severity": "medium",
	"description": "Without secure transfer required, requests and shared keys can travel over plain HTTP.",
	"remediation": "Set `https_traffic_only_enabled = true` (`enable_https_traffic_only` in provider 3.x; it is the default).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account",
	],
	"cwe": [
		"CWE-319",
	],
	"cis": ["CIS Azure Foundations 1.3.0 3.1"],
}

deny contains {"msg": sprintf("%s accepts plain HTTP", [tf.rname(r)]), "line": tf.pline(r, ["enable_https_traffic_only"]), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type in {"azurerm_storage_account"}
	lib.is_false(tf.at(r, ["enable_https_traffic_only"]))
}

deny contains {"msg": sprintf("%s accepts plain HTTP", [tf.rname(r)]), "line": tf.pline(r, ["https_traffic_only_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type in {"azurerm_storage_account"}
	lib.is_false(tf.at(r, ["https_traffic_only_enabled"]))
}
