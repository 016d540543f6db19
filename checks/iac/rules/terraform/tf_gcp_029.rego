package shiftgate.rules.terraform.TF_GCP_029

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-029",
	"title": "Project-wide SSH keys accepted",
	"severity": "medium",
	"description": "An instance that accepts project-wide SSH keys can be reached with any key added for any other instance of the project.",
	"remediation": "Set metadata `block-project-ssh-keys = true` (or use OS Login).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.3"],
}

bad(v) if lower(sprintf("%v", [v])) in {"false", "0"}

deny contains {"msg": sprintf("%s accepts project-wide SSH keys", [tf.rname(r)]), "line": lib.line_of(r.config.metadata, "block-project-ssh-keys"), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template", "google_compute_project_metadata"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template", "google_compute_project_metadata"}
	bad(r.config.metadata["block-project-ssh-keys"])
}
