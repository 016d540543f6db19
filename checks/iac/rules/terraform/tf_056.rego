package shiftgate.rules.terraform.TF_056

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-056",
	"title": "ElastiCache replication group not encrypted at rest",
	"severity": "high",
	"description": "Without at-rest encryption, cached data and backups are stored in clear text.",
	"remediation": "Set `at_rest_encryption_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s does not encrypt at rest", [tf.rname(r)]), "line": tf.pline(r, ["at_rest_encryption_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_elasticache_replication_group
	r.type in {"aws_elasticache_replication_group"}
	tf.off(r, ["at_rest_encryption_enabled"])
}
