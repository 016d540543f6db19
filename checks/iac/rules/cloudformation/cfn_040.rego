package shiftgate.rules.cloudformation.CFN_040

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-040",
	"title": "IAM user console password in the template",
	"severity": "high",
	"description": "A console password written into the template (or a parameter's default) is readable by anyone who can read it.",
	"remediation": "Use `{{resolve:secretsmanager:…}}` or a NoEcho parameter without a default, and `PasswordResetRequired: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html"],
	"cwe": ["CWE-798"],
}

types := {"AWS::IAM::User"}

deny contains {"msg": sprintf("%s has LoginProfile.Password written into the template (or a parameter default)", [cfn.name(r)]), "line": cfn.exposed_line(v, cfn.path_line(r, ["LoginProfile", "Password"]))} if {
	some r in cfn.resources_of(types)
	v := object.get(r.properties, ["LoginProfile", "Password"], null)
	cfn.exposed(v)
}
