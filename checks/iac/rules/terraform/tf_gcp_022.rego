package shiftgate.rules.terraform.TF_GCP_022

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-022",
	"title": "RDP open to the internet",
	"severity": "high",
	"description": "A firewall rule admitting 0.0.0.0/0 to TCP port 3389 exposes RDP to brute force and exploits from anywhere.",
	"remediation": "Restrict `source_ranges` to known networks, or use Identity-Aware Proxy TCP forwarding (35.235.240.0/20).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 3.7"],
}

deny contains {"msg": sprintf("%s opens port 3389 to the internet", [tf.rname(x[0])]), "line": tf.gcp_allow_line(x[1]), "path": x[0].path} if {
	some x in tf.gcp_world_allows
	x[2][0] <= 3389
	3389 <= x[2][1]
}
