package shiftgate.rules.terraform.TF_006

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-006",
	"title": "Ingress open to the internet",
	"severity": "medium",
	"description": "A security group rule admits traffic from 0.0.0.0/0 or ::/0 on ports other than HTTP(S).",
	"remediation": "Restrict the source CIDR to the ranges that need access.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
		"CIS AWS Foundations Benchmark 5.2",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s admits traffic from anywhere", [tf.rname(g.r)]), "line": g.cidr_line, "path": g.r.path} if {
	some g in tf.ingress
	tf.open_to_world(g)
	not web_only(g)
}

web_only(g) if {
	not tf.all_ports(g)
	g.from == g.to
	g.from in {80, 443}
}
