package shiftgate.rules.cloudformation.CFN_052

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-052",
	"title": "Alexa skill refresh token in the template",
	"severity": "high",
	"description": "A refresh token written into the template (or a parameter's default) is readable by anyone who can read it.",
	"remediation": "Use `{{resolve:secretsmanager:…}}` or a NoEcho parameter without a default.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ask-skill.html"],
	"cwe": ["CWE-798"],
}

types := {"Alexa::ASK::Skill"}

deny contains {"msg": sprintf("%s has AuthenticationConfiguration.RefreshToken written into the template (or a parameter default)", [cfn.name(r)]), "line": cfn.exposed_line(v, cfn.path_line(r, ["AuthenticationConfiguration", "RefreshToken"]))} if {
	some r in cfn.resources_of(types)
	v := object.get(r.properties, ["AuthenticationConfiguration", "RefreshToken"], null)
	cfn.exposed(v)
}
