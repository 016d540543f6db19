package shiftgate.rules.cloudformation.CFN_046

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-046",
	"title": "Neptune cluster without IAM authentication",
	"severity": "high",
	"description": "Without IAM authentication, any client with network access can query the graph.",
	"remediation": "Set `IamAuthEnabled: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-neptune-dbcluster.html"],
	"cwe": ["CWE-287"],
}

types := {"AWS::Neptune::DBCluster"}

deny contains {"msg": sprintf("%s: IamAuthEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["IamAuthEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["IamAuthEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["IamAuthEnabled"]))
