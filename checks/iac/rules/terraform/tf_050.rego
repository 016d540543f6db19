package shiftgate.rules.terraform.TF_050

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-050",
	"title": "DynamoDB point-in-time recovery disabled",
	"severity": "low",
	"description": "Without point-in-time recovery a deleted or corrupted table can only be restored from on-demand backups, if any.",
	"remediation": "Add `point_in_time_recovery { enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s has no point-in-time recovery", [tf.rname(r)]), "line": tf.pline(r, ["point_in_time_recovery", "enabled"]), "path": r.path} if {
	some r in input.by_type.aws_dynamodb_table
	r.type in {"aws_dynamodb_table"}
	tf.off(r, ["point_in_time_recovery", "enabled"])
}
