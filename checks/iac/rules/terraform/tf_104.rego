package shiftgate.rules.terraform.TF_104

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-104",
	"title": "Database cluster without automated backups",
	"severity": "medium",
	"description": "Without a backup retention period the cluster cannot be restored to a point in time.",
	"remediation": "Set `backup_retention_period` to 7 days or more.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s does not set a backup retention period", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_rds_cluster
	r.type == "aws_rds_cluster"
	tf.unset(r, ["backup_retention_period"])
}

deny contains {"msg": sprintf("%s keeps backups %d day(s)", [tf.rname(r), r.config.backup_retention_period]), "line": tf.line(r, "backup_retention_period"), "path": r.path} if {
	some r in input.by_type.aws_rds_cluster
	r.type == "aws_rds_cluster"
	r.config.backup_retention_period < 1
}
