package shiftgate.rules.terraform.TF_GCP_017

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-017",
	"title": "KMS crypto key granted to allUsers",
	"severity": "high",
	"description": "A crypto key whose IAM grants allUsers or allAuthenticatedUsers can be used (or administered) by anyone.",
	"remediation": "Remove allUsers and allAuthenticatedUsers from the key's IAM members.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_kms_crypto_key_iam",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 1.9"],
}

deny contains {"msg": sprintf("%s grants %s to %s", [tf.rname(r), object.get(r.config, "role", "a role"), m]), "line": tf.gcp_member_line(r), "path": r.path} if {
	some t_ in {"google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding", "google_kms_key_ring_iam_member", "google_kms_key_ring_iam_binding"}
	some r in input.by_type[t_]
	r.type in {"google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding", "google_kms_key_ring_iam_member", "google_kms_key_ring_iam_binding"}
	some m in tf.gcp_members(r)
	tf.gcp_public_member(m)
}

deny contains {"msg": sprintf("%s grants %s to %s", [tf.rname(r), b.role, m]), "line": tf.line(r, "policy_data"), "path": r.path} if {
	some t_ in {"google_kms_crypto_key_iam_policy", "google_kms_key_ring_iam_policy"}
	some r in input.by_type[t_]
	r.type in {"google_kms_crypto_key_iam_policy", "google_kms_key_ring_iam_policy"}
	some d in input.data
	d.type == "google_iam_policy"
	tf.refers(r.config.policy_data, d)
	some b in d.config.binding
	some m in tf.binding_members(b)
	tf.gcp_public_member(m)
}
