package shiftgate.rules.terraform.TF_AZ_017

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-017",
	"title": "Function App does not require client certificates",
	"severity": "medium",
	"description": "Without required client certificates any client can call the function's HTTP triggers.",
	"remediation": "Set `client_cert_mode = \"Required\"` (and `client_certificate_enabled = true` on the newer resources).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_function_app",
	],
	"cwe": [
		"CWE-295",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.4"],
}

required(r) if tf.at(r, ["client_cert_mode"]) == "Required"

deny contains {"msg": sprintf("%s does not require client certificates", [tf.rname(r)]), "line": tf.pline(r, ["client_cert_mode"]), "path": r.path} if {
	some t_ in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"}
	not required(r)
	not tf.ref_at(r, ["client_cert_mode"])
}
