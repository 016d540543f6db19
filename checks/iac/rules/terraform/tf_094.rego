package shiftgate.rules.terraform.TF_094

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-094",
	"title": "Password policy stops users changing their password",
	"severity": "low",
	"description": "Users who cannot change their own password cannot rotate it after a suspected leak.",
	"remediation": "Set `allow_users_to_change_password = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
	],
	"cwe": [
		"CWE-262",
	],
}

deny contains {"msg": sprintf("%s stops users changing their passwords", [tf.rname(r)]), "line": tf.pline(r, ["allow_users_to_change_password"]), "path": r.path} if {
	some r in input.by_type.aws_iam_account_password_policy
	r.type in {"aws_iam_account_password_policy"}
	lib.is_false(tf.at(r, ["allow_users_to_change_password"]))
}
