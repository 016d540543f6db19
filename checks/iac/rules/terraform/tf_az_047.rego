package shiftgate.rules.terraform.TF_AZ_047

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-047",
	"title": "PostgreSQL logs kept 3 days or less",
	"severity": "low",
	"description": "Server logs kept 3 days or less are gone before most incidents are investigated.",
	"remediation": "Set the server configuration `log_retention_days` to 4 or more (up to 7).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_configuration",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 4.3.7"],
}

deny contains {"msg": sprintf("%s keeps logs %v days", [tf.rname(r), r.config.value]), "line": tf.line(r, "value"), "path": r.path} if {
	some t_ in {"azurerm_postgresql_configuration", "azurerm_postgresql_flexible_server_configuration"}
	some r in input.by_type[t_]
	r.type in {"azurerm_postgresql_configuration", "azurerm_postgresql_flexible_server_configuration"}
	r.config.name == "log_retention_days"
	to_number(r.config.value) <= 3
}
