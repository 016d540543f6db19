package shiftgate.rules.terraform.TF_004

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-004",
	"title": "Admin port open to the internet",
	"severity": "critical",
	"description": "SSH (22) or RDP (3389) reachable from 0.0.0.0/0 or ::/0 invites brute force and exploits of the remote-access service.",
	"remediation": "Restrict the source to a bastion, VPN or known address ranges; prefer SSM Session Manager.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
		"CIS AWS Foundations Benchmark 5.2",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s opens port %d to the internet", [tf.rname(g.r), p]), "line": g.cidr_line, "path": g.r.path} if {
	some g in tf.ingress
	tf.open_to_world(g)
	some p in [22, 3389]
	tf.covers(g, p)
}
