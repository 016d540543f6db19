package shiftgate.rules.terraform.TF_AZ_021

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-021",
	"title": "App Service or Function App accepts TLS older than 1.2",
	"severity": "medium",
	"description": "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996).",
	"remediation": "Set `site_config { min_tls_version = \"1.2\" }` (or remove the override: 1.2 is the default).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_function_app",
	],
	"cwe": [
		"CWE-326",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.3"],
}

deny contains {"msg": sprintf("%s accepts TLS %v", [tf.rname(r), v]), "line": tf.pline(r, ["site_config", "min_tls_version"]), "path": r.path} if {
	some t_ in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	v := tf.at(r, ["site_config", "min_tls_version"])
	sprintf("%v", [v]) in {"1.0", "1.1", "1"}
}
