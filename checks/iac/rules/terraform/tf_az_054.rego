package shiftgate.rules.terraform.TF_AZ_054

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-054",
	"title": "SQL server firewall admits a wide address range",
	"severity": "critical",
	"description": "A firewall rule starting at 0.0.0.0 or spanning more than 256 addresses lets a large part of the internet reach the server.",
	"remediation": "Allow only the specific addresses that need the database, or use private endpoints.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_firewall_rule",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS Azure Foundations 1.3.0 6.3"],
}

types := {"azurerm_sql_firewall_rule", "azurerm_mssql_firewall_rule", "azurerm_mysql_firewall_rule", "azurerm_postgresql_firewall_rule", "azurerm_mariadb_firewall_rule", "azurerm_postgresql_flexible_server_firewall_rule", "azurerm_mysql_flexible_server_firewall_rule"}

wide(r) if {
	r.config.start_ip_address == "0.0.0.0"
	r.config.end_ip_address != "0.0.0.0"
}

wide(r) if {
	tf.ip_number(r.config.end_ip_address) - tf.ip_number(r.config.start_ip_address) >= 256
}

deny contains {"msg": sprintf("%s admits %s-%s", [tf.rname(r), r.config.start_ip_address, r.config.end_ip_address]), "line": tf.line(r, "start_ip_address"), "path": r.path} if {
	some r in input.resources
	r.type in types
	wide(r)
}
