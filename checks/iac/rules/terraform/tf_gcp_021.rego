package shiftgate.rules.terraform.TF_GCP_021

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-021",
	"title": "OS Login disabled",
	"severity": "medium",
	"description": "Without OS Login, SSH access is governed by metadata keys instead of IAM, with no central revocation or 2-step verification.",
	"remediation": "Set metadata `enable-oslogin = \"TRUE\"` on the project (and do not turn it off per instance).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_project_metadata",
	],
	"cwe": [
		"CWE-287",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.4"],
}

off(v) if lower(sprintf("%v", [v])) in {"false", "0", "no", "n"}

deny contains {"msg": sprintf("%s disables OS Login", [tf.rname(r)]), "line": lib.line_of(r.config.metadata, "enable-oslogin"), "path": r.path} if {
	some t_ in {"google_compute_project_metadata", "google_compute_instance", "google_compute_instance_template"}
	some r in input.by_type[t_]
	r.type in {"google_compute_project_metadata", "google_compute_instance", "google_compute_instance_template"}
	off(r.config.metadata["enable-oslogin"])
}

deny contains {"msg": sprintf("%s does not enable OS Login", [tf.rname(r)]), "line": tf.line(r, "metadata"), "path": r.path} if {
	some r in input.by_type.google_compute_project_metadata
	r.type == "google_compute_project_metadata"
	is_object(r.config.metadata)
	not r.config.metadata["enable-oslogin"]
}

deny contains {"msg": sprintf("%s disables OS Login", [tf.rname(r)]), "line": tf.line(r, "value"), "path": r.path} if {
	some r in input.by_type.google_compute_project_metadata_item
	r.type == "google_compute_project_metadata_item"
	r.config.key == "enable-oslogin"
	off(r.config.value)
}
