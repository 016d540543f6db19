package shiftgate.rules.terraform.TF_049

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-049",
	"title": "DocumentDB cluster without a customer-managed key",
	"severity": "low",
	"description": "Without kms_key_id the cluster is encrypted with the AWS-managed key, whose use cannot be restricted per application.",
	"remediation": "Set `kms_key_id` to a customer-managed key.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/docdb_cluster",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with a customer-managed key", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_docdb_cluster
	r.type in {"aws_docdb_cluster"}
	tf.unset(r, ["kms_key_id"])
}
