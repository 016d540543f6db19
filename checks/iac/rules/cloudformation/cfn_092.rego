package shiftgate.rules.cloudformation.CFN_092

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-092",
	"title": "DynamoDB billing mode not recognised",
	"severity": "info",
	"description": "A BillingMode other than PROVISIONED or PAY_PER_REQUEST is a typo the stack will reject or misread.",
	"remediation": "Set `BillingMode: PAY_PER_REQUEST` or `PROVISIONED`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html"],
	"cwe": ["CWE-400"],
}

types := {"AWS::DynamoDB::Table"}

allowed := {"PAY_PER_REQUEST", "PROVISIONED"}

deny contains {"msg": sprintf("%s: BillingMode is %v, not one of %v", [cfn.name(r), v, allowed]), "line": cfn.path_line(r, ["BillingMode"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["BillingMode"])
	v != null
	not cfn.unknown(v)
	not v in allowed
}
