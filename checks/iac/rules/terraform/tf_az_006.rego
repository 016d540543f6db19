package shiftgate.rules.terraform.TF_AZ_006

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-006",
	"title": "App Service without a managed identity",
	"severity": "low",
	"description": "Without a managed identity the app reaches other Azure services with stored credentials.",
	"remediation": "Add `identity { type = \"SystemAssigned\" }` (or a user-assigned identity).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app",
	],
	"cwe": [
		"CWE-798",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.5"],
}

deny contains {"msg": sprintf("%s has no managed identity", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	tf.unset(r, ["identity"])
}
