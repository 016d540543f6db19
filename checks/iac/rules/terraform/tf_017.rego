package shiftgate.rules.terraform.TF_017

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-017",
	"title": "RDS automated backups disabled",
	"severity": "medium",
	"description": "backup_retention_period = 0 switches off automated backups and point-in-time recovery.",
	"remediation": "Set `backup_retention_period` to 7 days or more.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s disables automated backups", [tf.rname(r)]), "line": tf.line(r, "backup_retention_period"), "path": r.path} if {
	some t_ in {"aws_db_instance", "aws_rds_cluster"}
	some r in input.by_type[t_]
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	r.config.backup_retention_period == 0
}
