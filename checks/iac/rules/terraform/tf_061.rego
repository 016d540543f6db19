package shiftgate.rules.terraform.TF_061

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-061",
	"title": "Classic load balancer without access logs",
	"severity": "low",
	"description": "Without access logs there is no record of the requests a load balancer passed on.",
	"remediation": "Add `access_logs { bucket = ..., enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elb",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s has no access logs", [tf.rname(r)]), "line": tf.pline(r, ["access_logs", "enabled"]), "path": r.path} if {
	some t_ in {"aws_elb", "aws_lb", "aws_alb"}
	some r in input.by_type[t_]
	r.type in {"aws_elb", "aws_lb", "aws_alb"}
	tf.unset(r, ["access_logs"])
}

deny contains {"msg": sprintf("%s disables its access logs", [tf.rname(r)]), "line": tf.pline(r, ["access_logs", "enabled"]), "path": r.path} if {
	some t_ in {"aws_elb", "aws_lb", "aws_alb"}
	some r in input.by_type[t_]
	r.type in {"aws_elb", "aws_lb", "aws_alb"}
	tf.false_at(r, ["access_logs", "enabled"])
}
