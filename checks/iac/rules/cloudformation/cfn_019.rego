package shiftgate.rules.cloudformation.CFN_019

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-019",
	"title": "DocumentDB cluster without log exports",
	"severity": "medium",
	"description": "Without audit and profiler log exports, database access cannot be reviewed.",
	"remediation": "Set `EnableCloudwatchLogsExports: [audit, profiler]`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-docdb-dbcluster.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::DocDB::DBCluster"}

deny contains {"msg": sprintf("%s does not set EnableCloudwatchLogsExports", [cfn.name(r)]), "line": cfn.path_line(r, ["EnableCloudwatchLogsExports"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["EnableCloudwatchLogsExports"])
	v != null
	v != ""
	v != []
	v != {}
}
