package shiftgate.rules.cloudformation.CFN_018

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-018",
	"title": "DocumentDB master password in the template",
	"severity": "high",
	"description": "A master password written into the template (or a parameter's default) is readable by anyone who can read it.",
	"remediation": "Use `{{resolve:secretsmanager:…}}` or a NoEcho parameter without a default.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-docdb-dbcluster.html"],
	"cwe": ["CWE-798"],
}

types := {"AWS::DocDB::DBCluster"}

deny contains {"msg": sprintf("%s has MasterUserPassword written into the template (or a parameter default)", [cfn.name(r)]), "line": cfn.exposed_line(v, cfn.path_line(r, ["MasterUserPassword"]))} if {
	some r in cfn.resources_of(types)
	v := object.get(r.properties, ["MasterUserPassword"], null)
	cfn.exposed(v)
}
