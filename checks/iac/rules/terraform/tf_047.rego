package shiftgate.rules.terraform.TF_047

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-047",
	"title": "Cognito user pool without MFA",
	"severity": "medium",
	"description": "Without multi-factor authentication a stolen password is enough to take over a user.",
	"remediation": "Set `mfa_configuration = \"ON\"` (or OPTIONAL with software tokens or SMS configured).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_user_pool",
	],
	"cwe": [
		"CWE-308",
	],
}

deny contains {"msg": sprintf("%s does not use MFA", [tf.rname(r)]), "line": tf.pline(r, ["mfa_configuration"]), "path": r.path} if {
	some r in input.by_type.aws_cognito_user_pool
	r.type == "aws_cognito_user_pool"
	tf.unset(r, ["mfa_configuration"])
}

deny contains {"msg": sprintf("%s does not use MFA", [tf.rname(r)]), "line": tf.line(r, "mfa_configuration"), "path": r.path} if {
	some r in input.by_type.aws_cognito_user_pool
	r.type == "aws_cognito_user_pool"
	r.config.mfa_configuration == "OFF"
}

deny contains {"msg": sprintf("%s makes MFA optional without a second factor configured", [tf.rname(r)]), "line": tf.line(r, "mfa_configuration"), "path": r.path} if {
	some r in input.by_type.aws_cognito_user_pool
	r.type == "aws_cognito_user_pool"
	r.config.mfa_configuration in {"ON", "OPTIONAL"}
	tf.unset(r, ["software_token_mfa_configuration"])
	tf.unset(r, ["sms_configuration"])
}
