package shiftgate.rules.terraform.TF_GCP_014

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-014",
	"title": "Cloud Storage bucket without uniform bucket-level access",
	"severity": "medium",
	"description": "Without uniform bucket-level access, per-object ACLs can make single objects public behind IAM's back.",
	"remediation": "Set `uniform_bucket_level_access = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 5.2"],
}

uniform(r) if tf.is_on(r, ["uniform_bucket_level_access"])

uniform(r) if tf.is_on(r, ["bucket_policy_only"])

deny contains {"msg": sprintf("%s does not enforce uniform bucket-level access", [tf.rname(r)]), "line": tf.pline(r, ["uniform_bucket_level_access"]), "path": r.path} if {
	some r in input.by_type.google_storage_bucket
	r.type == "google_storage_bucket"
	not uniform(r)
	not tf.ref_at(r, ["uniform_bucket_level_access"])
}
