package shiftgate.rules.cloudformation.CFN_113

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-113",
	"title": "Lambda functions share an IAM role",
	"severity": "medium",
	"description": "Functions that share one execution role each get the union of what all of them need.",
	"remediation": "Give each function its own role with only the permissions it uses.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html"],
	"cwe": ["CWE-269"],
}

types := {"AWS::Lambda::Function", "AWS::Serverless::Function"}

deny contains {"msg": sprintf("%s shares its role with %s", [cfn.name(r), o.name]), "line": cfn.line(r, "Role")} if {
	some r in cfn.resources_of(types)
	some o in cfn.resources_of(types)
	o.name != r.name
	role := cfn.prop(r, "Role")
	role != null
	cfn.plain(role) == cfn.plain(cfn.prop(o, "Role"))
}
