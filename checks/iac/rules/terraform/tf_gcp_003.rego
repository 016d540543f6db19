package shiftgate.rules.terraform.TF_GCP_003

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-003",
	"title": "Cloud Storage bucket without access logging",
	"severity": "low",
	"description": "Without usage logs there is no record of who read or changed the bucket's objects.",
	"remediation": "Add `logging { log_bucket = ... }` (or rely on Data Access audit logs for the bucket).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s has no access logging", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.google_storage_bucket
	r.type in {"google_storage_bucket"}
	tf.unset(r, ["logging"])
}
