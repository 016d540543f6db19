package shiftgate.rules.terraform.TF_AZ_032

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-032",
	"title": "PostgreSQL server parameter log_connections off",
	"severity": "medium",
	"description": "With log_connections off the server's logs miss events needed to investigate an incident.",
	"remediation": "Set the server configuration `log_connections` to `on`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_configuration",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 4.3.4"],
}

deny contains {"msg": sprintf("%s sets log_connections to %v", [tf.rname(r), r.config.value]), "line": tf.line(r, "value"), "path": r.path} if {
	some t_ in {"azurerm_postgresql_configuration", "azurerm_postgresql_flexible_server_configuration"}
	some r in input.by_type[t_]
	r.type in {"azurerm_postgresql_configuration", "azurerm_postgresql_flexible_server_configuration"}
	r.config.name == "log_connections"
	lower(sprintf("%v", [r.config.value])) in {"off", "false", "0"}
}
