package shiftgate.rules.terraform.TF_GCP_008

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-008",
	"title": "Network uses a firewall rule named default",
	"severity": "medium",
	"description": "Rules named default-* are the permissive rules GCP's default network ships with (SSH, RDP and ICMP from anywhere, all internal traffic).",
	"remediation": "Replace the default rules with rules scoped to what each workload needs.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 3.1"],
}

deny contains {"msg": sprintf("%s uses the default firewall rule %s", [tf.rname(n), tf.rname(f)]), "line": n.line, "path": n.path} if {
	some n in input.by_type.google_compute_network
	n.type == "google_compute_network"
	some f in input.by_type.google_compute_firewall
	f.type == "google_compute_firewall"
	tf.refers(f.config.network, n)
	startswith(f.config.name, "default")
}
