package shiftgate.rules.terraform.TF_036

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-036",
	"title": "Load balancer deletion protection disabled",
	"severity": "low",
	"description": "Without deletion protection one API call (or a terraform destroy) takes the load balancer and its listeners down.",
	"remediation": "Set `enable_deletion_protection = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s can be deleted without protection", [tf.rname(r)]), "line": tf.pline(r, ["enable_deletion_protection"]), "path": r.path} if {
	some t_ in {"aws_lb", "aws_alb"}
	some r in input.by_type[t_]
	r.type in {"aws_lb", "aws_alb"}
	tf.off(r, ["enable_deletion_protection"])
}
