package shiftgate.rules.terraform.TF_AZ_026

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-026",
	"title": "Database server reachable from public networks",
	"severity": "high",
	"description": "With public network access on (the default), the server accepts connections from the internet subject only to its firewall rules.",
	"remediation": "Set `public_network_access_enabled = false` and use private endpoints.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s allows public network access", [tf.rname(r)]), "line": tf.pline(r, ["public_network_access_enabled"]), "path": r.path} if {
	some t_ in {"azurerm_mssql_server", "azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	some r in input.by_type[t_]
	r.type in {"azurerm_mssql_server", "azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	tf.unset(r, ["public_network_access_enabled"])
}

deny contains {"msg": sprintf("%s allows public network access", [tf.rname(r)]), "line": tf.pline(r, ["public_network_access_enabled"]), "path": r.path} if {
	some t_ in {"azurerm_mssql_server", "azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	some r in input.by_type[t_]
	r.type in {"azurerm_mssql_server", "azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	tf.is_on(r, ["public_network_access_enabled"])
}
