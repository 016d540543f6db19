package shiftgate.rules.terraform.TF_AZ_001

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-001",
	"title": "SQL server without an Azure AD administrator",
	"severity": "medium",
	"description": "Without an Azure Active Directory administrator, a SQL server only knows SQL logins: no central identity, MFA or revocation.",
	"remediation": "Add an `azuread_administrator` block (azurerm_mssql_server) or an `azurerm_sql_active_directory_administrator` for the server.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server",
	],
	"cwe": [
		"CWE-287",
	],
	"cis": ["CIS Azure Foundations 1.3.0 4.4"],
}

admin_for(r) if {
	some t_ in {"azurerm_sql_active_directory_administrator", "azurerm_mssql_server_active_directory_administrator"}
	some a in input.by_type[t_]
	a.type in {"azurerm_sql_active_directory_administrator", "azurerm_mssql_server_active_directory_administrator"}
	some k in ["server_name", "server_id"]
	tf.refers(a.config[k], r)
}

admin_for(r) if {
	some t_ in {"azurerm_sql_active_directory_administrator", "azurerm_mssql_server_active_directory_administrator"}
	some a in input.by_type[t_]
	a.type in {"azurerm_sql_active_directory_administrator", "azurerm_mssql_server_active_directory_administrator"}
	a.config.server_name == r.config.name
}

deny contains {"msg": sprintf("%s has no Azure AD administrator", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"azurerm_sql_server", "azurerm_mssql_server"}
	some r in input.by_type[t_]
	r.type in {"azurerm_sql_server", "azurerm_mssql_server"}
	tf.unset(r, ["azuread_administrator"])
	not admin_for(r)
}
