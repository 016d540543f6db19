package shiftgate.rules.terraform.TF_063

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-063",
	"title": "Database without IAM authentication",
	"severity": "low",
	"description": "Without IAM database authentication, access relies on long-lived passwords instead of short-lived IAM tokens.",
	"remediation": "Set `iam_database_authentication_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance",
	],
	"cwe": [
		"CWE-287",
	],
}

# Engines that offer IAM authentication on every version.
engines := {"mysql", "postgres", "aurora-mysql", "aurora-postgresql"}

deny contains {"msg": sprintf("%s does not use IAM authentication", [tf.rname(r)]), "line": tf.pline(r, ["iam_database_authentication_enabled"]), "path": r.path} if {
	some t_ in {"aws_db_instance", "aws_rds_cluster"}
	some r in input.by_type[t_]
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	r.config.engine in engines
	tf.off(r, ["iam_database_authentication_enabled"])
}

deny contains {"msg": sprintf("%s does not use IAM authentication", [tf.rname(r)]), "line": tf.pline(r, ["iam_database_authentication_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_neptune_cluster
	r.type == "aws_neptune_cluster"
	tf.off(r, ["iam_database_authentication_enabled"])
}
