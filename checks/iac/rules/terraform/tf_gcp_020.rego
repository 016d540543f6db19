package shiftgate.rules.terraform.TF_GCP_020

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-020",
	"title": "Personal Gmail account granted project access",
	"severity": "low",
	"description": "A consumer @gmail.com account is outside the organization's identity controls (MFA policy, offboarding).",
	"remediation": "Grant roles to corporate identities or groups.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam",
	],
	"cwe": [
		"CWE-287",
	],
	"cis": ["CIS GCP Foundations 1.3.0 1.1"],
}

deny contains {"msg": sprintf("%s grants %s to %s", [tf.rname(r), object.get(r.config, "role", "a role"), m]), "line": tf.gcp_member_at(r, m), "path": r.path} if {
	some r in input.resources
	startswith(r.type, "google_")
	regex.match(`_iam_(member|binding)$`, r.type)
	some m in tf.gcp_members(r)
	regex.match(`(?i)^user:.*@gmail\.com$`, m)
}
