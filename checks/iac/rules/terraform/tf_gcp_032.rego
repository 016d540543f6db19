package shiftgate.rules.terraform.TF_GCP_032

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-032",
	"title": "Shielded VM disabled",
	"severity": "medium",
	"description": "Without Secure Boot, vTPM and integrity monitoring, boot-level malware goes undetected.",
	"remediation": "Add `shielded_instance_config { enable_secure_boot = true enable_vtpm = true enable_integrity_monitoring = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance",
	],
	"cwe": [
		"CWE-693",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.8"],
}

deny contains {"msg": sprintf("%s disables %s", [tf.rname(r), k]), "line": tf.pline(r, ["shielded_instance_config", k]), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template"}
	some k in ["enable_vtpm", "enable_integrity_monitoring"]
	tf.false_at(r, ["shielded_instance_config", k])
}

deny contains {"msg": sprintf("%s does not enable secure boot", [tf.rname(r)]), "line": tf.pline(r, ["shielded_instance_config", "enable_secure_boot"]), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template"}
	tf.off(r, ["shielded_instance_config", "enable_secure_boot"])
}
