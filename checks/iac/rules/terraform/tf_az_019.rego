package shiftgate.rules.terraform.TF_AZ_019

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-019",
	"title": "Function App without HTTP/2",
	"severity": "low",
	"description": "HTTP/2 removes head-of-line blocking and several HTTP/1.1 request-smuggling vectors; CIS asks for the latest HTTP version.",
	"remediation": "Set `site_config { http2_enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_function_app",
	],
	"cwe": [
		"CWE-693",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.9"],
}

deny contains {"msg": sprintf("%s does not enable HTTP/2", [tf.rname(r)]), "line": tf.pline(r, ["site_config", "http2_enabled"]), "path": r.path} if {
	some t_ in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	tf.off(r, ["site_config", "http2_enabled"])
}
