package shiftgate.rules.cloudformation.CFN_017

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-017",
	"title": "DMS MongoDB password in the template",
	"severity": "high",
	"description": "A MongoDB password written into the template (or a parameter's default) is readable by anyone who can read it.",
	"remediation": "Use `{{resolve:secretsmanager:…}}` or a NoEcho parameter without a default.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dms-endpoint.html"],
	"cwe": ["CWE-798"],
}

types := {"AWS::DMS::Endpoint"}

deny contains {"msg": sprintf("%s has MongoDbSettings.Password written into the template (or a parameter default)", [cfn.name(r)]), "line": cfn.exposed_line(v, cfn.path_line(r, ["MongoDbSettings", "Password"]))} if {
	some r in cfn.resources_of(types)
	v := object.get(r.properties, ["MongoDbSettings", "Password"], null)
	cfn.exposed(v)
}
