package shiftgate.rules.terraform.TF_AZ_046

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-046",
	"title": "SQL auditing kept less than 90 days",
	"severity": "low",
	"description": "Audit records kept for less than 90 days are gone before most intrusions are discovered (0 means unlimited).",
	"remediation": "Set `retention_in_days` to 90 or more (or 0 for unlimited).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server_extended_auditing_policy",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 4.1.3"],
}

types := {"azurerm_sql_server", "azurerm_mssql_server", "azurerm_sql_database", "azurerm_mssql_database"}

deny contains {"msg": sprintf("%s keeps audit records %v days", [tf.rname(r), d]), "line": tf.pline(r, ["extended_auditing_policy", "retention_in_days"]), "path": r.path} if {
	some r in input.resources
	r.type in types
	d := tf.at(r, ["extended_auditing_policy", "retention_in_days"])
	is_number(d)
	d < 91
	d != 0
}

deny contains {"msg": sprintf("%s does not set how long audit records are kept", [tf.rname(r)]), "line": tf.pline(r, ["extended_auditing_policy", "retention_in_days"]), "path": r.path} if {
	some r in input.resources
	r.type in types
	tf.at(r, ["extended_auditing_policy"])
	tf.unset(r, ["extended_auditing_policy", "retention_in_days"])
}

deny contains {"msg": sprintf("%s keeps audit records %v days", [tf.rname(r), d]), "line": tf.line(r, "retention_in_days"), "path": r.path} if {
	some t_ in {"azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy"}
	some r in input.by_type[t_]
	r.type in {"azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy"}
	d := r.config.retention_in_days
	is_number(d)
	d < 91
	d != 0
}
