package shiftgate.rules.terraform.TF_GCP_026

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-026",
	"title": "IAM role granted to an individual user",
	"severity": "low",
	"description": "Roles granted to individual users instead of groups are hard to review and are left behind when people change teams.",
	"remediation": "Grant the role to a group (group:...) and manage membership there.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s grants %s to the user %s", [tf.rname(r), object.get(r.config, "role", "a role"), m]), "line": tf.line(r, "role"), "path": r.path} if {
	some t_ in {"google_project_iam_member", "google_project_iam_binding"}
	some r in input.by_type[t_]
	r.type in {"google_project_iam_member", "google_project_iam_binding"}
	some m in tf.gcp_members(r)
	startswith(m, "user:")
}

deny contains {"msg": sprintf("%s grants %s to the user %s", [tf.rname(d), b.role, m]), "line": lib.line_of(b, "role"), "path": d.path} if {
	some d in input.data
	d.type == "google_iam_policy"
	some b in tf.as_array(d.config.binding)
	some m in tf.binding_members(b)
	startswith(m, "user:")
}
