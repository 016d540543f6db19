package shiftgate.rules.cloudformation.CFN_045

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-045",
	"title": "MSK cluster without broker logs",
	"severity": "medium",
	"description": "Without broker logs sent to CloudWatch Logs, Firehose or S3, client activity on the Kafka cluster cannot be reviewed.",
	"remediation": "Set `LoggingInfo.BrokerLogs` with at least one destination `Enabled: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-msk-cluster.html"],
	"cwe": ["CWE-778"],
}

destinations := ["CloudWatchLogs", "Firehose", "S3"]

deny contains {"msg": sprintf("%s sends no broker logs", [cfn.name(r)]), "line": cfn.path_line(r, ["LoggingInfo", "BrokerLogs"])} if {
	some r in cfn.resources_of({"AWS::MSK::Cluster"})
	logs := object.get(r.properties, ["LoggingInfo", "BrokerLogs"], {})
	not any_enabled(logs)
	not any_disabled(logs)
}

# Every destination written with Enabled: false is one place to fix.
deny contains {"msg": sprintf("%s: broker logs to %s are disabled", [cfn.name(r), d]), "line": logs[d].__lines__.Enabled} if {
	some r in cfn.resources_of({"AWS::MSK::Cluster"})
	logs := r.properties.LoggingInfo.BrokerLogs
	not any_enabled(logs)
	some d in destinations
	cfn.is_false(logs[d].Enabled)
}

any_enabled(logs) if {
	some d in destinations
	cfn.is_true(logs[d].Enabled)
}

any_enabled(logs) if {
	some d in destinations
	cfn.unknown(logs[d].Enabled)
}

any_disabled(logs) if {
	some d in destinations
	cfn.is_false(logs[d].Enabled)
}
