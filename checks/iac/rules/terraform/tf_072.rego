package shiftgate.rules.terraform.TF_072

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-072",
	"title": "Redshift cluster publicly accessible",
	"severity": "critical",
	"description": "A publicly accessible cluster (the provider's default) gets a public endpoint reachable from the internet.",
	"remediation": "Set `publicly_accessible = false`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s is publicly accessible", [tf.rname(r)]), "line": tf.pline(r, ["publicly_accessible"]), "path": r.path} if {
	some r in input.by_type.aws_redshift_cluster
	r.type in {"aws_redshift_cluster"}
	tf.unset(r, ["publicly_accessible"])
}

deny contains {"msg": sprintf("%s is publicly accessible", [tf.rname(r)]), "line": tf.pline(r, ["publicly_accessible"]), "path": r.path} if {
	some r in input.by_type.aws_redshift_cluster
	r.type in {"aws_redshift_cluster"}
	tf.is_on(r, ["publicly_accessible"])
}
