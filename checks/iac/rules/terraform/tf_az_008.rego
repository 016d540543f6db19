package shiftgate.rules.terraform.TF_AZ_008

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-008",
	"title": "App Service does not require client certificates",
	"severity": "medium",
	"description": "Incoming client certificates let only clients holding a valid certificate reach the app.",
	"remediation": "Set `client_cert_enabled = true` (and `client_cert_mode = \"Required\"`).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app",
	],
	"cwe": [
		"CWE-295",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.4"],
}

deny contains {"msg": sprintf("%s does not request client certificates", [tf.rname(r)]), "line": tf.pline(r, ["client_cert_enabled"]), "path": r.path} if {
	some t_ in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	tf.off(r, ["client_cert_enabled"])
}
