package shiftgate.rules.cloudformation.CFN_020

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-020",
	"title": "DynamoDB table not encrypted with a KMS key",
	"severity": "medium",
	"description": "Without SSESpecification.SSEEnabled the table is encrypted with an AWS-owned key that you cannot audit or revoke.",
	"remediation": "Set `SSESpecification: {SSEEnabled: true, SSEType: KMS}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::DynamoDB::Table"}

deny contains {"msg": sprintf("%s: SSESpecification.SSEEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["SSESpecification", "SSEEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["SSESpecification", "SSEEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["SSESpecification", "SSEEnabled"]))
