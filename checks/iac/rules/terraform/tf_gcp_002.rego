package shiftgate.rules.terraform.TF_GCP_002

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-002",
	"title": "Cloud Storage bucket granted to allUsers",
	"severity": "critical",
	"description": "Granting a bucket role to allUsers or allAuthenticatedUsers makes it readable (or writable) by anyone with or without a Google account.",
	"remediation": "Remove allUsers and allAuthenticatedUsers from the bucket's IAM members and ACLs; enable public access prevention.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket_iam",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 5.1"],
}

deny contains {"msg": sprintf("%s grants %s to %s", [tf.rname(r), object.get(r.config, "role", "a role"), m]), "line": tf.gcp_member_line(r), "path": r.path} if {
	some t_ in {"google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"}
	some r in input.by_type[t_]
	r.type in {"google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"}
	some m in tf.gcp_members(r)
	tf.gcp_public_member(m)
}

deny contains {"msg": sprintf("%s grants %s", [tf.rname(r), e]), "line": tf.line(r, "role_entity"), "path": r.path} if {
	some r in input.by_type.google_storage_bucket_acl
	r.type == "google_storage_bucket_acl"
	some e in r.config.role_entity
	regex.match(`:(allUsers|allAuthenticatedUsers)$`, e)
}

deny contains {"msg": sprintf("%s grants %s", [tf.rname(r), r.config.entity]), "line": tf.line(r, "entity"), "path": r.path} if {
	some t_ in {"google_storage_bucket_access_control", "google_storage_default_object_access_control", "google_storage_object_access_control"}
	some r in input.by_type[t_]
	r.type in {"google_storage_bucket_access_control", "google_storage_default_object_access_control", "google_storage_object_access_control"}
	tf.gcp_public_member(r.config.entity)
}
