package shiftgate.rules.terraform.TF_AZ_048

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-048",
	"title": "SQL server admin with a predictable name",
	"severity": "low",
	"description": "An administrator login such as admin or sa is the first name an attacker guesses.",
	"remediation": "Use a login name that is not easy to guess.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/sql_active_directory_administrator",
	],
	"cwe": [
		"CWE-1391",
	],
}

predictable := {"admin", "administrator", "sa", "root", "sqladmin", "dbadmin", "sysadmin", "azure_superuser", "guest", "user"}

deny contains {"msg": sprintf("%s uses the predictable login %q", [tf.rname(r), v]), "line": tf.line(r, k), "path": r.path} if {
	some r in input.resources
	some k in ["login", "administrator_login", "login_username"]
	r.type in {"azurerm_sql_active_directory_administrator", "azurerm_sql_server", "azurerm_mssql_server", "azurerm_mysql_server", "azurerm_postgresql_server"}
	v := r.config[k]
	lower(v) in predictable
}
