package shiftgate.rules.terraform.TF_091

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-091",
	"title": "ElastiCache Redis without automatic backups",
	"severity": "low",
	"description": "With snapshot_retention_limit 0 (the default) Redis keeps no automatic backups.",
	"remediation": "Set `snapshot_retention_limit` to 1 or more.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_cluster",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s keeps no automatic backups", [tf.rname(r)]), "line": tf.pline(r, ["snapshot_retention_limit"]), "path": r.path} if {
	some r in input.by_type.aws_elasticache_cluster
	r.type == "aws_elasticache_cluster"
	r.config.engine == "redis"
	object.get(r.config, "snapshot_retention_limit", 0) == 0
}
