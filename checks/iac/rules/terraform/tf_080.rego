package shiftgate.rules.terraform.TF_080

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-080",
	"title": "IAM policy passes or assumes any role",
	"severity": "high",
	"description": "iam:PassRole or sts:AssumeRole on every resource lets the holder hand any role, however privileged, to a service it controls, or become that role.",
	"remediation": "Name the role ARNs the principal may pass or assume in `Resource`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_policy",
	],
	"cwe": [
		"CWE-269",
	],
}

types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

deny contains {"msg": sprintf("%s allows %s on every resource", [tf.rname(r), a]), "line": tf.line(r, "policy"), "path": r.path} if {
	some r in input.resources
	r.type in types
	some s in tf.statements(r.config.policy)
	object.get(s, "Effect", "") == "Allow"
	"*" in tf.as_array(object.get(s, "Resource", []))
	some a in tf.as_array(s.Action)
	lower(a) in {"iam:passrole", "sts:assumerole"}
}
