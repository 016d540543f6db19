package shiftgate.rules.cloudformation.CFN_021

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-021",
	"title": "DynamoDB point-in-time recovery disabled",
	"severity": "medium",
	"description": "Without point-in-time recovery an accidental or malicious write or delete cannot be rolled back.",
	"remediation": "Set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html"],
	"cwe": ["CWE-693"],
}

types := {"AWS::DynamoDB::Table"}

deny contains {"msg": sprintf("%s: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]))
