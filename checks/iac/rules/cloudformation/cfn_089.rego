package shiftgate.rules.cloudformation.CFN_089

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-089",
	"title": "Lambda permission grants more than invoking",
	"severity": "low",
	"description": "A resource-based permission other than lambda:InvokeFunction lets another principal change or read the function.",
	"remediation": "Grant `Action: lambda:InvokeFunction` only.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html"],
	"cwe": ["CWE-284"],
}

types := {"AWS::Lambda::Permission"}

allowed := {"lambda:InvokeFunction"}

deny contains {"msg": sprintf("%s: Action is %s, not one of %v", [cfn.name(r), shown(v), allowed]), "line": cfn.path_line(r, ["Action"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["Action"])
	not cfn.unknown(v)
	not v in allowed
}

shown(v) := "not set" if v == null

shown(v) := sprintf("%v", [v]) if v != null
