package shiftgate.rules.terraform.TF_027

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-027",
	"title": "IAM role can be assumed by any principal",
	"severity": "high",
	"description": "An assume-role policy that trusts \"*\" (or every principal of an account root without conditions) lets others take the role.",
	"remediation": "Trust specific roles or services, and add conditions such as sts:ExternalId.",
	"references": [
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
	],
	"cwe": [
		"CWE-284",
	],
}

any_principal(p) if tf.public_principal(p)

any_principal(p) if {
	some a in tf.as_array(p.AWS)
	regex.match(`^arn:aws:iam::([0-9]*):root$`, a)
}

deny contains {"msg": sprintf("%s can be assumed by %v", [tf.rname(r), s.Principal]), "line": tf.line_in(r, "assume_role_policy", needle), "path": r.path} if {
	some r in input.by_type.aws_iam_role
	r.type == "aws_iam_role"
	some s in tf.statements(r.config.assume_role_policy)
	s.Effect == "Allow"
	any_principal(s.Principal)
	not s.Condition
	needle := "\"AWS\""
}
