package shiftgate.rules.terraform.TF_098

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-098",
	"title": "SSO permission set grants full privileges",
	"severity": "high",
	"description": "An inline policy allowing every action on every resource makes every user of the permission set an administrator.",
	"remediation": "Grant the actions the permission set's users need.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssoadmin_permission_set_inline_policy",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s allows every action on every resource", [tf.rname(r)]), "line": tf.line(r, "inline_policy"), "path": r.path} if {
	some r in input.by_type.aws_ssoadmin_permission_set_inline_policy
	r.type == "aws_ssoadmin_permission_set_inline_policy"
	some s in tf.statements(r.config.inline_policy)
	object.get(s, "Effect", "") == "Allow"
	"*" in tf.as_array(s.Action)
	"*" in tf.as_array(object.get(s, "Resource", []))
}
