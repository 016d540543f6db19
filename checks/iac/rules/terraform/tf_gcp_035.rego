package shiftgate.rules.terraform.TF_GCP_035

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-035",
	"title": "BigQuery dataset granted to allUsers",
	"severity": "high",
	"description": "A dataset access entry for allUsers or allAuthenticatedUsers makes its tables readable by anyone.",
	"remediation": "Remove public special groups from the dataset's access.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigquery_dataset",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 7.1"],
}

deny contains {"msg": sprintf("%s grants access to %s", [tf.rname(r), a.special_group]), "line": lib.line_of(a, "special_group"), "path": r.path} if {
	some r in input.by_type.google_bigquery_dataset
	r.type == "google_bigquery_dataset"
	some a in tf.as_array(object.get(r.config, "access", []))
	a.special_group in {"allAuthenticatedUsers", "allUsers"}
}

deny contains {"msg": sprintf("%s grants %s to %s", [tf.rname(r), object.get(r.config, "role", "a role"), m]), "line": tf.gcp_member_line(r), "path": r.path} if {
	some t_ in {"google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding", "google_bigquery_table_iam_member", "google_bigquery_table_iam_binding"}
	some r in input.by_type[t_]
	r.type in {"google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding", "google_bigquery_table_iam_member", "google_bigquery_table_iam_binding"}
	some m in tf.gcp_members(r)
	tf.gcp_public_member(m)
}
