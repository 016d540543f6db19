package shiftgate.rules.terraform.TF_028

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-028",
	"title": "Load balancer listener uses HTTP",
	"severity": "medium",
	"description": "A listener on plain HTTP that does not redirect to HTTPS serves traffic unencrypted.",
	"remediation": "Listen on HTTPS with a certificate, or make the HTTP listener redirect to HTTPS.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener",
	],
	"cwe": [
		"CWE-319",
	],
}

redirects(r) if {
	some a in r.config.default_action
	a.type == "redirect"
	some rd in a.redirect
	rd.protocol == "HTTPS"
}

deny contains {"msg": sprintf("%s listens on plain HTTP", [tf.rname(r)]), "line": tf.line(r, "protocol"), "path": r.path} if {
	some t_ in {"aws_lb_listener", "aws_alb_listener"}
	some r in input.by_type[t_]
	r.type in {"aws_lb_listener", "aws_alb_listener"}
	r.config.protocol == "HTTP"
	not redirects(r)
}

deny contains {"msg": sprintf("%s listens on port 80 without a protocol (HTTP)", [tf.rname(r)]), "line": tf.line(r, "default_action"), "path": r.path} if {
	some t_ in {"aws_lb_listener", "aws_alb_listener"}
	some r in input.by_type[t_]
	r.type in {"aws_lb_listener", "aws_alb_listener"}
	not r.config.protocol
	r.config.port == 80
	not redirects(r)
}

deny contains {"msg": sprintf("%s redirects to plain HTTP", [tf.rname(r)]), "line": lib.line_of(rd, "protocol"), "path": r.path} if {
	some t_ in {"aws_lb_listener", "aws_alb_listener"}
	some r in input.by_type[t_]
	r.type in {"aws_lb_listener", "aws_alb_listener"}
	some a in r.config.default_action
	some rd in a.redirect
	rd.protocol == "HTTP"
}
