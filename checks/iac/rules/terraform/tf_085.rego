package shiftgate.rules.terraform.TF_085

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-085",
	"title": "Search domain not encrypted with a customer-managed key",
	"severity": "low",
	"description": "Without kms_key_id the domain is encrypted with the AWS-managed key, whose use cannot be restricted per application.",
	"remediation": "Set `encrypt_at_rest { enabled = true kms_key_id = ... }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with a customer-managed key", [tf.rname(r)]), "line": tf.pline(r, ["encrypt_at_rest", "kms_key_id"]), "path": r.path} if {
	some t_ in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some r in input.by_type[t_]
	r.type in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	tf.is_on(r, ["encrypt_at_rest", "enabled"])
	tf.unset(r, ["encrypt_at_rest", "kms_key_id"])
}
