package shiftgate.rules.terraform.TF_010

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-010",
	"title": "RDS storage not encrypted",
	"severity": "high",
	"description": "Database storage, backups and snapshots are not encrypted at rest.",
	"remediation": "Set `storage_encrypted = true` (and kms_key_id).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance",
		"CIS AWS Foundations Benchmark 2.3.1",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s does not encrypt its storage", [tf.rname(r)]), "line": tf.line(r, "storage_encrypted"), "path": r.path} if {
	some t_ in {"aws_db_instance", "aws_rds_cluster"}
	some r in input.by_type[t_]
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	not r.config.storage_encrypted == true
	not r.config.replicate_source_db
	not lib.has(r.config, "snapshot_identifier")
}
