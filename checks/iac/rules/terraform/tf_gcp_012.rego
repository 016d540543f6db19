package shiftgate.rules.terraform.TF_GCP_012

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-012",
	"title": "Project-wide Service Account User or Token Creator role",
	"severity": "high",
	"description": "Service Account User or Token Creator at project level lets the member act as every service account in the project, including privileged ones.",
	"remediation": "Grant these roles on the individual service account (google_service_account_iam_member), not the project.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam",
	],
	"cwe": [
		"CWE-269",
	],
	"cis": ["CIS GCP Foundations 1.3.0 1.6"],
}

deny contains {"msg": sprintf("%s grants %s on the whole project", [tf.rname(r), r.config.role]), "line": tf.line(r, "role"), "path": r.path} if {
	some t_ in {"google_project_iam_binding", "google_project_iam_member", "google_folder_iam_binding", "google_folder_iam_member", "google_organization_iam_binding", "google_organization_iam_member"}
	some r in input.by_type[t_]
	r.type in {"google_project_iam_binding", "google_project_iam_member", "google_folder_iam_binding", "google_folder_iam_member", "google_organization_iam_binding", "google_organization_iam_member"}
	r.config.role in {"roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountUser"}
}
