package shiftgate.rules.terraform.TF_051

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-051",
	"title": "EBS encryption by default disabled",
	"severity": "medium",
	"description": "With account-level EBS encryption by default off, any new volume created without an explicit setting is unencrypted.",
	"remediation": "Set `enabled = true` on `aws_ebs_encryption_by_default`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_encryption_by_default",
	],
	"cwe": [
		"CWE-311",
	],
	"cis": ["CIS AWS Foundations 1.5.0 2.2.1"],
}

deny contains {"msg": sprintf("%s turns EBS encryption by default off", [tf.rname(r)]), "line": tf.pline(r, ["enabled"]), "path": r.path} if {
	some r in input.by_type.aws_ebs_encryption_by_default
	r.type in {"aws_ebs_encryption_by_default"}
	lib.is_false(tf.at(r, ["enabled"]))
}
