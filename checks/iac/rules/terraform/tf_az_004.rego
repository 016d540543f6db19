package shiftgate.rules.terraform.TF_AZ_004

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-004",
	"title": "App Service authentication disabled",
	"severity": "medium",
	"description": "App Service authentication (Easy Auth) stops anonymous requests before they reach the application.",
	"remediation": "Add `auth_settings { enabled = true ... }` (or `auth_settings_v2`).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app",
	],
	"cwe": [
		"CWE-306",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.1"],
}

deny contains {"msg": sprintf("%s does not enable App Service authentication", [tf.rname(r)]), "line": tf.pline(r, ["auth_settings", "enabled"]), "path": r.path} if {
	some t_ in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	tf.off(r, ["auth_settings", "enabled"])
	tf.unset(r, ["auth_settings_v2"])
}
