package shiftgate.rules.terraform.TF_067

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-067",
	"title": "Password policy lets passwords live over 90 days",
	"severity": "low",
	"description": "CIS asks that IAM user passwords expire within 90 days.",
	"remediation": "Set `max_password_age = 90` or less.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
	],
	"cwe": [
		"CWE-262",
	],
	"cis": ["CIS AWS Foundations 1.2.0 1.11"],
}

deny contains {"msg": sprintf("%s does not expire passwords", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_iam_account_password_policy
	r.type == "aws_iam_account_password_policy"
	tf.unset(r, ["max_password_age"])
}

deny contains {"msg": sprintf("%s lets passwords live %d days", [tf.rname(r), r.config.max_password_age]), "line": tf.line(r, "max_password_age"), "path": r.path} if {
	some r in input.by_type.aws_iam_account_password_policy
	r.type == "aws_iam_account_password_policy"
	r.config.max_password_age > 90
}
