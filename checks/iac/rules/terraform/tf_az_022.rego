package shiftgate.rules.terraform.TF_AZ_022

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-022",
	"title": "PostgreSQL server backups not geo-redundant",
	"severity": "low",
	"description": "Without geo-redundant backups a regional outage can lose the database.",
	"remediation": "Set `geo_redundant_backup_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_server",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s does not keep geo-redundant backups", [tf.rname(r)]), "line": tf.pline(r, ["geo_redundant_backup_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_postgresql_server
	r.type in {"azurerm_postgresql_server"}
	tf.off(r, ["geo_redundant_backup_enabled"])
}
