package shiftgate.rules.cloudformation.CFN_004

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-004",
	"title": "Amplify OAuth token in the template",
	"severity": "high",
	"description": "An OAuth token written into the template (or a parameter's default) is readable by anyone who can read the template or the stack.",
	"remediation": "Use `{{resolve:secretsmanager:…}}` or a NoEcho parameter without a default.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-amplify-app.html"],
	"cwe": ["CWE-798"],
}

types := {"AWS::Amplify::App"}

deny contains {"msg": sprintf("%s has OauthToken written into the template (or a parameter default)", [cfn.name(r)]), "line": cfn.exposed_line(v, cfn.path_line(r, ["OauthToken"]))} if {
	some r in cfn.resources_of(types)
	v := object.get(r.properties, ["OauthToken"], null)
	cfn.exposed(v)
}
