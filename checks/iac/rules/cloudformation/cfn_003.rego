package shiftgate.rules.cloudformation.CFN_003

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-003",
	"title": "Amplify basic-auth password in the template",
	"severity": "high",
	"description": "A basic-auth password written into the template (or a parameter's default) is readable by anyone who can read the template or the stack.",
	"remediation": "Use `{{resolve:secretsmanager:…}}` or a NoEcho parameter without a default.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-amplify-app.html"],
	"cwe": ["CWE-798"],
}

types := {"AWS::Amplify::App", "AWS::Amplify::Branch"}

deny contains {"msg": sprintf("%s has BasicAuthConfig.Password written into the template (or a parameter default)", [cfn.name(r)]), "line": cfn.exposed_line(v, cfn.path_line(r, ["BasicAuthConfig", "Password"]))} if {
	some r in cfn.resources_of(types)
	v := object.get(r.properties, ["BasicAuthConfig", "Password"], null)
	cfn.exposed(v)
}
