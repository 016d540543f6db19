package shiftgate.rules.terraform.TF_AZ_025

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-025",
	"title": "SQL server auditing disabled",
	"severity": "medium",
	"description": "Without auditing, access to and changes of the databases leave no trace.",
	"remediation": "Add `extended_auditing_policy { ... }` or an `azurerm_mssql_server_extended_auditing_policy` for the server.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server_extended_auditing_policy",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 4.1.1"],
}

audited(r) if tf.at(r, ["extended_auditing_policy"])

audited(r) if {
	some t_ in {"azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy"}
	some a in input.by_type[t_]
	a.type in {"azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy"}
	some k in ["server_id", "database_id"]
	tf.refers(a.config[k], r)
}

# a policy on a database of the server
audited(r) if {
	some d in input.by_type.azurerm_mssql_database
	d.type == "azurerm_mssql_database"
	tf.refers(d.config.server_id, r)
	some t_ in {"azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy"}
	some a in input.by_type[t_]
	a.type in {"azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy"}
	tf.refers(a.config.database_id, d)
}

deny contains {"msg": sprintf("%s has no auditing policy", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"azurerm_sql_server", "azurerm_mssql_server"}
	some r in input.by_type[t_]
	r.type in {"azurerm_sql_server", "azurerm_mssql_server"}
	not audited(r)
}
