package shiftgate.rules.terraform.TF_090

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-090",
	"title": "IAM user with more than one access key",
	"severity": "medium",
	"description": "Several active keys per user make rotation and revocation easy to get wrong; CIS asks for one active key per user.",
	"remediation": "Keep one active access key per user (a second only during rotation).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key",
	],
	"cwe": [
		"CWE-324",
	],
	"cis": ["CIS AWS Foundations 1.5.0 1.13"],
}

keys_of(u) := [k | some k in input.resources; k.type == "aws_iam_access_key"; k.config.user == u]

deny contains {"msg": sprintf("user %s has %d access keys", [u, count(keys_of(u))]), "line": tf.line(k, "user"), "path": k.path} if {
	some k in input.by_type.aws_iam_access_key
	k.type == "aws_iam_access_key"
	u := k.config.user
	count(keys_of(u)) > 1
}
