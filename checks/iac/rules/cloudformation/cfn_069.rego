package shiftgate.rules.cloudformation.CFN_069

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-069",
	"title": "Lambda permission granted to any principal",
	"severity": "high",
	"description": "An AWS::Lambda::Permission with Principal \"*\" lets any account invoke the function.",
	"remediation": "Name the service or account principal and set SourceArn / SourceAccount.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s lets any principal call %v", [cfn.name(r), cfn.prop(r, "Action")]), "line": cfn.line(r, "Principal")} if {
	some r in cfn.resources_of({"AWS::Lambda::Permission"})
	p := cfn.prop(r, "Principal")
	is_string(p)
	contains(p, "*")
}
