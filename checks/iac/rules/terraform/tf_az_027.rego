package shiftgate.rules.terraform.TF_AZ_027

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-027",
	"title": "Database server does not enforce SSL",
	"severity": "medium",
	"description": "Without SSL enforcement clients may connect in clear text, exposing credentials and data.",
	"remediation": "Set `ssl_enforcement_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mysql_server",
	],
	"cwe": [
		"CWE-319",
	],
	"cis": ["CIS Azure Foundations 1.3.0 4.3.1", "CIS Azure Foundations 1.3.0 4.3.2"],
}

deny contains {"msg": sprintf("%s does not enforce SSL connections", [tf.rname(r)]), "line": tf.pline(r, ["ssl_enforcement_enabled"]), "path": r.path} if {
	some t_ in {"azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	some r in input.by_type[t_]
	r.type in {"azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	tf.off(r, ["ssl_enforcement_enabled"])
	tf.unset(r, ["ssl_enforcement"])
}

deny contains {"msg": sprintf("%s does not enforce SSL connections", [tf.rname(r)]), "line": tf.line(r, "ssl_enforcement"), "path": r.path} if {
	some t_ in {"azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	some r in input.by_type[t_]
	r.type in {"azurerm_mysql_server", "azurerm_postgresql_server", "azurerm_mariadb_server"}
	lower(tf.at(r, ["ssl_enforcement"])) == "disabled"
}
