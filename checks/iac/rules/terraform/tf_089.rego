package shiftgate.rules.terraform.TF_089

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-089",
	"title": "Access key for the root user",
	"severity": "critical",
	"description": "Root access keys have unrestricted access to the account and cannot be limited by IAM policies.",
	"remediation": "Delete root access keys; use IAM roles.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key",
	],
	"cwe": [
		"CWE-250",
	],
	"cis": ["CIS AWS Foundations 1.5.0 1.4"],
}

deny contains {"msg": sprintf("%s is an access key of the root user", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_iam_access_key
	r.type == "aws_iam_access_key"
	lower(r.config.user) == "root"
	not lib.false_at(r.config, ["status"])
	object.get(r.config, "status", "Active") == "Active"
}
