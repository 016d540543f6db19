package shiftgate.rules.terraform.TF_GCP_016

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-016",
	"title": "One member is both KMS admin and key user",
	"severity": "medium",
	"description": "A member who administers Cloud KMS and can also use keys to encrypt or decrypt defeats separation of duties.",
	"remediation": "Give roles/cloudkms.admin and the CryptoKey encrypter/decrypter roles to different members.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam#google_project_iam_policy",
	],
	"cwe": [
		"CWE-269",
	],
	"cis": ["CIS GCP Foundations 1.3.0 1.11"],
}

crypto_role(role) if startswith(role, "roles/cloudkms.cryptoKey")

deny contains {"msg": sprintf("%s makes %s both KMS admin and a key user", [tf.rname(r), m]), "line": tf.line(r, "policy_data"), "path": r.path} if {
	some t_ in {"google_project_iam_policy", "google_folder_iam_policy", "google_organization_iam_policy"}
	some r in input.by_type[t_]
	r.type in {"google_project_iam_policy", "google_folder_iam_policy", "google_organization_iam_policy"}
	some d in input.data
	d.type == "google_iam_policy"
	tf.refers(r.config.policy_data, d)
	some b1 in d.config.binding
	b1.role == "roles/cloudkms.admin"
	some m in b1.members
	some b2 in d.config.binding
	crypto_role(b2.role)
	m in b2.members
}
