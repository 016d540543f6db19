package shiftgate.rules.terraform.TF_037

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-037",
	"title": "Load balancer forwards invalid HTTP headers",
	"severity": "medium",
	"description": "Forwarding headers with invalid names lets request-smuggling and header-injection payloads reach the targets.",
	"remediation": "Set `drop_invalid_header_fields = true` on application load balancers.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb",
	],
	"cwe": [
		"CWE-444",
	],
}

deny contains {"msg": sprintf("%s forwards invalid header fields", [tf.rname(r)]), "line": tf.pline(r, ["drop_invalid_header_fields"]), "path": r.path} if {
	some t_ in {"aws_lb", "aws_alb"}
	some r in input.by_type[t_]
	r.type in {"aws_lb", "aws_alb"}
	object.get(r.config, "load_balancer_type", "application") == "application"
	tf.off(r, ["drop_invalid_header_fields"])
}
