package shiftgate.rules.terraform.TF_GCP_004

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-004",
	"title": "Cloud Storage bucket versioning disabled",
	"severity": "low",
	"description": "Without versioning, an overwritten or deleted object cannot be recovered.",
	"remediation": "Add `versioning { enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s does not keep object versions", [tf.rname(r)]), "line": tf.pline(r, ["versioning", "enabled"]), "path": r.path} if {
	some r in input.by_type.google_storage_bucket
	r.type in {"google_storage_bucket"}
	tf.off(r, ["versioning", "enabled"])
}
