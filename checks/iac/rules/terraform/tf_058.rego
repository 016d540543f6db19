package shiftgate.rules.terraform.TF_058

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-058",
	"title": "Search domain without node-to-node encryption",
	"severity": "medium",
	"description": "Without node-to-node encryption, data moves between the domain's nodes in clear text.",
	"remediation": "Add `node_to_node_encryption { enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s does not encrypt traffic between nodes", [tf.rname(r)]), "line": tf.pline(r, ["node_to_node_encryption", "enabled"]), "path": r.path} if {
	some t_ in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some r in input.by_type[t_]
	r.type in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	tf.off(r, ["node_to_node_encryption", "enabled"])
}
