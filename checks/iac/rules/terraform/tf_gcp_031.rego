package shiftgate.rules.terraform.TF_GCP_031

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-031",
	"title": "VM has a public IP address",
	"severity": "medium",
	"description": "An access_config block gives the instance an external IP address, putting it directly on the internet.",
	"remediation": "Remove `access_config`; reach instances through IAP, a bastion or a load balancer.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance",
	],
	"cwe": [
		"CWE-668",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.9"],
}

deny contains {"msg": sprintf("%s has an external IP address", [tf.rname(r)]), "line": lib.line_of(ni, "access_config"), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template"}
	some ni in tf.as_array(object.get(r.config, "network_interface", []))
	ni.access_config
}
