package shiftgate.rules.terraform.TF_042

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-042",
	"title": "DocumentDB or Neptune cluster storage not encrypted",
	"severity": "high",
	"description": "A DocumentDB or Neptune cluster (RDS and Aurora clusters are TF-010's) without storage encryption keeps data, backups and snapshots in clear text.",
	"remediation": "Set `storage_encrypted = true` (with `kms_key_id` for a customer-managed key).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster",
	],
	"cwe": [
		"CWE-311",
	],
	"cis": ["CIS AWS Foundations 1.5.0 2.3.1"],
}

deny contains {"msg": sprintf("%s does not encrypt its storage", [tf.rname(r)]), "line": tf.pline(r, ["storage_encrypted"]), "path": r.path} if {
	some t_ in {"aws_docdb_cluster", "aws_neptune_cluster"}
	some r in input.by_type[t_]
	r.type in {"aws_docdb_cluster", "aws_neptune_cluster"}
	tf.off(r, ["storage_encrypted"])
}
