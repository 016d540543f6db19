package shiftgate.rules.terraform.TF_012

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-012",
	"title": "IAM policy grants full administrative privileges",
	"severity": "critical",
	"description": "A statement allowing Action \"*\" on Resource \"*\" makes whoever holds the policy an administrator.",
	"remediation": "Grant only the actions and resources needed.",
	"references": [
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"CIS AWS Foundations Benchmark 1.16",
	],
	"cwe": [
		"CWE-269",
	],
}

types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_policy_document"}

star(x) if {
	some a in tf.as_array(x)
	a == "*"
}

deny contains {"msg": sprintf("%s allows every action on every resource", [tf.rname(r)]), "line": tf.line(r, "policy"), "path": r.path} if {
	some r in input.resources
	r.type in types
	some s in tf.statements(r.config.policy)
	s.Effect == "Allow"
	star(s.Action)
	star(s.Resource)
}

deny contains {"msg": sprintf("data.%s allows every action on every resource", [tf.rname(r)]), "line": st.__line__, "path": r.path} if {
	some r in input.data
	r.type == "aws_iam_policy_document"
	some st in r.config.statement
	object.get(st, "effect", "Allow") == "Allow"
	star(st.actions)
	star(st.resources)
}
