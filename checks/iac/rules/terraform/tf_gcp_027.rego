package shiftgate.rules.terraform.TF_GCP_027

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-027",
	"title": "VM with full access to all Cloud APIs",
	"severity": "medium",
	"description": "The cloud-platform scope with the default compute service account (Editor on the project) lets any process on the VM change almost anything in the project.",
	"remediation": "Use a dedicated service account with narrow roles, and narrow scopes.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance",
	],
	"cwe": [
		"CWE-250",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.2"],
}

deny contains {"msg": sprintf("%s can call every Cloud API", [tf.rname(r)]), "line": lib.line_of(sa, "scopes"), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template"}
	some sa in tf.as_array(r.config.service_account)
	some s in sa.scopes
	s in {"cloud-platform", "https://www.googleapis.com/auth/cloud-platform"}
	default_sa(sa)
}

default_sa(sa) if not sa.email

default_sa(sa) if endswith(sa.email, "-compute@developer.gserviceaccount.com")
