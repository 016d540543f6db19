package shiftgate.rules.terraform.TF_064

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-064",
	"title": "IAM policy attached directly to a user",
	"severity": "low",
	"description": "Permissions granted to individual users instead of groups or roles are hard to review and outlive role changes.",
	"remediation": "Attach policies to groups or roles and add users to the groups.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user_policy_attachment",
	],
	"cwe": [
		"CWE-269",
	],
	"cis": ["CIS AWS Foundations 1.5.0 1.15"],
}

deny contains {"msg": sprintf("%s gives a policy directly to a user", [tf.rname(r)]), "line": tf.line(r, "user"), "path": r.path} if {
	some t_ in {"aws_iam_user_policy", "aws_iam_user_policy_attachment"}
	some r in input.by_type[t_]
	r.type in {"aws_iam_user_policy", "aws_iam_user_policy_attachment"}
}

deny contains {"msg": sprintf("%s attaches a policy directly to users", [tf.rname(r)]), "line": tf.line(r, "users"), "path": r.path} if {
	some r in input.by_type.aws_iam_policy_attachment
	r.type == "aws_iam_policy_attachment"
	count(object.get(r.config, "users", [])) > 0
}
