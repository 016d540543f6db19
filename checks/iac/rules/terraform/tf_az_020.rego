package shiftgate.rules.terraform.TF_AZ_020

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-020",
	"title": "Function App without a managed identity",
	"severity": "low",
	"description": "Without a managed identity the function reaches other Azure services with stored credentials.",
	"remediation": "Add `identity { type = \"SystemAssigned\" }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_function_app",
	],
	"cwe": [
		"CWE-798",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.5"],
}

deny contains {"msg": sprintf("%s has no managed identity", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	tf.unset(r, ["identity"])
}
