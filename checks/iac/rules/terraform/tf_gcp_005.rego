package shiftgate.rules.terraform.TF_GCP_005

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-005",
	"title": "Compute disk without a customer-supplied or customer-managed key",
	"severity": "medium",
	"description": "A disk encrypted only with Google-managed keys cannot be crypto-shredded or access-controlled by the customer; CIS asks for CSEK or CMEK on critical VMs.",
	"remediation": "Add `disk_encryption_key { kms_key_self_link = ... }` (CMEK) or a `raw_key` / `rsa_encrypted_key` (CSEK).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_disk",
	],
	"cwe": [
		"CWE-311",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.7"],
}

keyed(k) if {
	some f in ["raw_key", "rsa_encrypted_key", "kms_key_self_link"]
	v := k[f]
	is_string(v)
	v != ""
}

deny contains {"msg": sprintf("%s uses Google-managed keys only", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"google_compute_disk", "google_compute_region_disk"}
	some r in input.by_type[t_]
	r.type in {"google_compute_disk", "google_compute_region_disk"}
	tf.unset(r, ["disk_encryption_key"])
}

key_lines(k) := [x | some f in ["raw_key", "rsa_encrypted_key", "kms_key_self_link"]; x := k.__lines__[f]]

deny contains {"msg": sprintf("%s has a disk_encryption_key with an empty key", [tf.rname(r)]), "line": min(key_lines(k)), "path": r.path} if {
	some t_ in {"google_compute_disk", "google_compute_region_disk"}
	some r in input.by_type[t_]
	r.type in {"google_compute_disk", "google_compute_region_disk"}
	k := tf.first(r.config.disk_encryption_key)
	not keyed(k)
	count(key_lines(k)) > 0
}

deny contains {"msg": sprintf("%s has a disk_encryption_key without a key", [tf.rname(r)]), "line": k.__line__, "path": r.path} if {
	some t_ in {"google_compute_disk", "google_compute_region_disk"}
	some r in input.by_type[t_]
	r.type in {"google_compute_disk", "google_compute_region_disk"}
	k := tf.first(r.config.disk_encryption_key)
	count(key_lines(k)) == 0
}
