package shiftgate.rules.terraform.TF_GCP_034

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-034",
	"title": "Cloud SQL automated backups disabled",
	"severity": "medium",
	"description": "Without automated backups the database cannot be restored after deletion or corruption.",
	"remediation": "Set `settings { backup_configuration { enabled = true } }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance",
	],
	"cwe": [
		"CWE-693",
	],
	"cis": ["CIS GCP Foundations 1.3.0 6.7"],
}

deny contains {"msg": sprintf("%s has no automated backups", [tf.rname(r)]), "line": tf.pline(r, ["settings", "backup_configuration", "enabled"]), "path": r.path} if {
	some r in input.by_type.google_sql_database_instance
	r.type in {"google_sql_database_instance"}
	tf.off(r, ["settings", "backup_configuration", "enabled"])
}
