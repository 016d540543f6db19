package shiftgate.rules.terraform.TF_GCP_013

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-013",
	"title": "Service account with an admin role on the project",
	"severity": "high",
	"description": "A service account holding Owner, Editor or an *Admin role gives anyone who can use or steal its key control of the project.",
	"remediation": "Grant the service account only the narrow roles its workload needs.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam",
	],
	"cwe": [
		"CWE-269",
	],
	"cis": ["CIS GCP Foundations 1.3.0 1.5"],
}

admin(role) if role in {"roles/owner", "roles/editor"}

admin(role) if regex.match(`(?i)admin$`, role)

deny contains {"msg": sprintf("%s grants %s to %s", [tf.rname(r), r.config.role, m]), "line": tf.line(r, "role"), "path": r.path} if {
	some t_ in {"google_project_iam_member", "google_project_iam_binding"}
	some r in input.by_type[t_]
	r.type in {"google_project_iam_member", "google_project_iam_binding"}
	admin(r.config.role)
	some m in tf.gcp_members(r)
	startswith(m, "serviceAccount:")
}
