package shiftgate.rules.cloudformation.CFN_019

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-019",
	"title": "DocumentDB cluster without audit and profiler log exports",
	"severity": "medium",
	"description": "Without the audit and profiler logs exported to CloudWatch Logs, authentication and data access on the cluster cannot be reviewed.",
	"remediation": "Set `EnableCloudwatchLogsExports: [audit, profiler]` (and the audit_logs cluster parameter).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-docdb-dbcluster.html"],
	"cwe": ["CWE-778"],
}

deny contains {"msg": sprintf("%s does not export the %s log", [cfn.name(r), log]), "line": cfn.line(r, "EnableCloudwatchLogsExports")} if {
	some r in cfn.resources_of({"AWS::DocDB::DBCluster"})
	exports := cfn.prop(r, "EnableCloudwatchLogsExports")
	not cfn.unknown(exports)
	some log in ["audit", "profiler"]
	not log in cfn.as_array(exports)
}
