package shiftgate.rules.terraform.TF_GCP_039

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-039",
	"title": "KMS key rotated less often than every 90 days",
	"severity": "medium",
	"description": "A key without a rotation period (or one longer than 90 days) keeps encrypting new data with old key material.",
	"remediation": "Set `rotation_period = \"7776000s\"` or shorter.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/kms_crypto_key",
	],
	"cwe": [
		"CWE-320",
	],
	"cis": ["CIS GCP Foundations 1.3.0 1.10"],
}

seconds(v) := to_number(trim_suffix(v, "s"))

deny contains {"msg": sprintf("%s has no rotation period", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.google_kms_crypto_key
	r.type == "google_kms_crypto_key"
	object.get(r.config, "purpose", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
	tf.unset(r, ["rotation_period"])
}

deny contains {"msg": sprintf("%s rotates every %s", [tf.rname(r), r.config.rotation_period]), "line": tf.line(r, "rotation_period"), "path": r.path} if {
	some r in input.by_type.google_kms_crypto_key
	r.type == "google_kms_crypto_key"
	seconds(r.config.rotation_period) > 7776000
}
