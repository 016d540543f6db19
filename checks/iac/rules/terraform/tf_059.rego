package shiftgate.rules.terraform.TF_059

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-059",
	"title": "Search domain not encrypted at rest",
	"severity": "high",
	"description": "Without encryption at rest, indices, logs and snapshots are stored in clear text.",
	"remediation": "Add `encrypt_at_rest { enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s does not encrypt at rest", [tf.rname(r)]), "line": tf.pline(r, ["encrypt_at_rest", "enabled"]), "path": r.path} if {
	some t_ in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some r in input.by_type[t_]
	r.type in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	tf.off(r, ["encrypt_at_rest", "enabled"])
}
