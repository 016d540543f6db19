package shiftgate.rules.terraform.TF_068

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-068",
	"title": "Password policy allows reusing passwords",
	"severity": "low",
	"description": "CIS asks that IAM users cannot reuse any of their last 24 passwords.",
	"remediation": "Set `password_reuse_prevention = 24`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
	],
	"cwe": [
		"CWE-262",
	],
	"cis": ["CIS AWS Foundations 1.5.0 1.9"],
}

deny contains {"msg": sprintf("%s does not prevent password reuse", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_iam_account_password_policy
	r.type == "aws_iam_account_password_policy"
	tf.unset(r, ["password_reuse_prevention"])
}

deny contains {"msg": sprintf("%s remembers only %d passwords", [tf.rname(r), r.config.password_reuse_prevention]), "line": tf.line(r, "password_reuse_prevention"), "path": r.path} if {
	some r in input.by_type.aws_iam_account_password_policy
	r.type == "aws_iam_account_password_policy"
	r.config.password_reuse_prevention < 24
}
