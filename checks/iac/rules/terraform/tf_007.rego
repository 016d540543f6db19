package shiftgate.rules.terraform.TF_007

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-007",
	"title": "HTTP port open to the internet",
	"severity": "low",
	"description": "Port 80 open to the internet serves unencrypted traffic.",
	"remediation": "Serve HTTPS on 443 and redirect at the load balancer; do not open 80 on instances.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s opens HTTP port 80 to the internet", [tf.rname(g.r)]), "line": g.r.line, "path": g.r.path} if {
	some g in tf.ingress
	tf.open_to_world(g)
	tf.covers(g, 80)
	not tf.all_ports(g)
}
