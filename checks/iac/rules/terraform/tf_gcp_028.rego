package shiftgate.rules.terraform.TF_GCP_028

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-028",
	"title": "Interactive serial console enabled",
	"severity": "medium",
	"description": "The serial console accepts connections from any IP address and bypasses network firewall rules.",
	"remediation": "Remove `serial-port-enable` or set it to false.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.5"],
}

bad(v) if lower(sprintf("%v", [v])) in {"true", "1"}

deny contains {"msg": sprintf("%s enables the interactive serial console", [tf.rname(r)]), "line": lib.line_of(r.config.metadata, "serial-port-enable"), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template", "google_compute_project_metadata"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template", "google_compute_project_metadata"}
	bad(r.config.metadata["serial-port-enable"])
}
