package shiftgate.rules.terraform.TF_062

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-062",
	"title": "GuardDuty detector disabled",
	"severity": "medium",
	"description": "A disabled detector produces no threat findings for the account.",
	"remediation": "Set `enable = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/guardduty_detector",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s is disabled", [tf.rname(r)]), "line": tf.pline(r, ["enable"]), "path": r.path} if {
	some r in input.by_type.aws_guardduty_detector
	r.type in {"aws_guardduty_detector"}
	lib.is_false(tf.at(r, ["enable"]))
}
