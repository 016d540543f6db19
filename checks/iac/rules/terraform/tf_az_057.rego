package shiftgate.rules.terraform.TF_AZ_057

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-057",
	"title": "App Service accepts plain HTTP",
	"severity": "medium",
	"description": "Without https_only the app answers plain HTTP requests, exposing cookies and tokens on the wire.",
	"remediation": "Set `https_only = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app",
	],
	"cwe": [
		"CWE-319",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.2"],
}

deny contains {"msg": sprintf("%s accepts plain HTTP", [tf.rname(r)]), "line": tf.pline(r, ["https_only"]), "path": r.path} if {
	some t_ in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	tf.off(r, ["https_only"])
}
