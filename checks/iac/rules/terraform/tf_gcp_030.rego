package shiftgate.rules.terraform.TF_GCP_030

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-030",
	"title": "VM forwards IP traffic",
	"severity": "medium",
	"description": "can_ip_forward lets an instance send and receive packets not addressed to it, bypassing network segmentation unless it is a deliberate router or NAT.",
	"remediation": "Set `can_ip_forward = false` unless the instance is a network appliance.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 4.6"],
}

deny contains {"msg": sprintf("%s forwards IP traffic", [tf.rname(r)]), "line": tf.pline(r, ["can_ip_forward"]), "path": r.path} if {
	some t_ in {"google_compute_instance", "google_compute_instance_template"}
	some r in input.by_type[t_]
	r.type in {"google_compute_instance", "google_compute_instance_template"}
	tf.is_on(r, ["can_ip_forward"])
}
