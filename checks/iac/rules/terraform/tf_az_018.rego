package shiftgate.rules.terraform.TF_AZ_018

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-018",
	"title": "Function App allows plain FTP",
	"severity": "medium",
	"description": "With ftps_state AllAllowed, deployment credentials and code travel over unencrypted FTP.",
	"remediation": "Set `site_config { ftps_state = \"FtpsOnly\" }` or `\"Disabled\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_function_app",
	],
	"cwe": [
		"CWE-319",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.10"],
}

deny contains {"msg": sprintf("%s allows plain FTP", [tf.rname(r)]), "line": tf.pline(r, ["site_config", "ftps_state"]), "path": r.path} if {
	some t_ in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	tf.at(r, ["site_config", "ftps_state"]) == "AllAllowed"
}

# azurerm_function_app and azurerm_app_service default to AllAllowed.
deny contains {"msg": sprintf("%s allows plain FTP (ftps_state defaults to AllAllowed)", [tf.rname(r)]), "line": tf.pline(r, ["site_config", "ftps_state"]), "path": r.path} if {
	some t_ in {"azurerm_function_app", "azurerm_app_service"}
	some r in input.by_type[t_]
	r.type in {"azurerm_function_app", "azurerm_app_service"}
	tf.unset(r, ["site_config", "ftps_state"])
}
