package shiftgate.rules.terraform.TF_GCP_023

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-023",
	"title": "SSH open to the internet",
	"severity": "high",
	"description": "A firewall rule admitting 0.0.0.0/0 to TCP port 22 exposes SSH to brute force and exploits from anywhere.",
	"remediation": "Restrict `source_ranges` to known networks, or use Identity-Aware Proxy TCP forwarding (35.235.240.0/20).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 3.6"],
}

deny contains {"msg": sprintf("%s opens port 22 to the internet", [tf.rname(x[0])]), "line": tf.gcp_allow_line(x[1]), "path": x[0].path} if {
	some x in tf.gcp_world_allows
	x[2][0] <= 22
	22 <= x[2][1]
}
