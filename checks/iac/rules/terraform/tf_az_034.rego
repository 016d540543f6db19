package shiftgate.rules.terraform.TF_AZ_034

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-034",
	"title": "PostgreSQL server parameter log_duration off",
	"severity": "medium",
	"description": "With log_duration off the server's logs miss events needed to investigate an incident.",
	"remediation": "Set the server configuration `log_duration` to `on`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_configuration",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s sets log_duration to %v", [tf.rname(r), r.config.value]), "line": tf.line(r, "value"), "path": r.path} if {
	some t_ in {"azurerm_postgresql_configuration", "azurerm_postgresql_flexible_server_configuration"}
	some r in input.by_type[t_]
	r.type in {"azurerm_postgresql_configuration", "azurerm_postgresql_flexible_server_configuration"}
	r.config.name == "log_duration"
	lower(sprintf("%v", [r.config.value])) in {"off", "false", "0"}
}
