package shiftgate.rules.terraform.TF_011

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-011",
	"title": "RDS instance publicly accessible",
	"severity": "critical",
	"description": "publicly_accessible = true gives the database a public address.",
	"remediation": "Set `publicly_accessible = false` and reach the database from inside the VPC.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance",
		"CIS AWS Foundations Benchmark 2.3.3",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s is publicly accessible", [tf.rname(r)]), "line": tf.line(r, "publicly_accessible"), "path": r.path} if {
	some t_ in {"aws_db_instance", "aws_rds_cluster_instance"}
	some r in input.by_type[t_]
	r.type in {"aws_db_instance", "aws_rds_cluster_instance"}
	r.config.publicly_accessible == true
}
