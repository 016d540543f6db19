package shiftgate.rules.terraform.TF_019

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-019",
	"title": "DynamoDB table not encrypted with a customer key",
	"severity": "low",
	"description": "Without server_side_encryption enabled the table uses an AWS-owned key you cannot audit or revoke.",
	"remediation": "Add `server_side_encryption { enabled = true, kms_key_arn = … }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s sets no server-side encryption", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_dynamodb_table
	r.type == "aws_dynamodb_table"
	not r.config.server_side_encryption
}

deny contains {"msg": sprintf("%s disables server-side encryption", [tf.rname(r)]), "line": lib.line_of(s, "enabled"), "path": r.path} if {
	some r in input.by_type.aws_dynamodb_table
	r.type == "aws_dynamodb_table"
	some s in r.config.server_side_encryption
	s.enabled == false
}
