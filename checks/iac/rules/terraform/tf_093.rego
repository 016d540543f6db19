package shiftgate.rules.terraform.TF_093

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-093",
	"title": "KMS key disabled",
	"severity": "low",
	"description": "A disabled key cannot decrypt the data encrypted under it; anything depending on it fails.",
	"remediation": "Set `is_enabled = true`, or schedule deletion deliberately.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s is disabled", [tf.rname(r)]), "line": tf.pline(r, ["is_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_kms_key
	r.type in {"aws_kms_key"}
	lib.is_false(tf.at(r, ["is_enabled"]))
}
