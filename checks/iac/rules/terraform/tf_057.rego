package shiftgate.rules.terraform.TF_057

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-057",
	"title": "ElastiCache replication group not encrypted in transit",
	"severity": "high",
	"description": "Without in-transit encryption, clients talk to Redis in clear text, including its AUTH token.",
	"remediation": "Set `transit_encryption_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s does not encrypt traffic", [tf.rname(r)]), "line": tf.pline(r, ["transit_encryption_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_elasticache_replication_group
	r.type in {"aws_elasticache_replication_group"}
	tf.off(r, ["transit_encryption_enabled"])
}
