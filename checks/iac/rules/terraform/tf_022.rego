package shiftgate.rules.terraform.TF_022

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-022",
	"title": "ECR repository policy is public",
	"severity": "critical",
	"description": "A repository policy allowing the \"*\" principal lets anyone pull (or push) images.",
	"remediation": "Name the accounts or roles that need access.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository_policy",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s allows any principal", [tf.rname(r)]), "line": tf.line(r, "policy"), "path": r.path} if {
	some t_ in {"aws_ecr_repository_policy", "aws_ecrpublic_repository_policy"}
	some r in input.by_type[t_]
	r.type in {"aws_ecr_repository_policy", "aws_ecrpublic_repository_policy"}
	some s in tf.statements(r.config.policy)
	s.Effect == "Allow"
	tf.public_principal(s.Principal)
}
