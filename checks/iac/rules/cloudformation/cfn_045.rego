package shiftgate.rules.cloudformation.CFN_045

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-045",
	"title": "MSK cluster without broker logs",
	"severity": "medium",
	"description": "Without broker logs, client activity on the Kafka cluster cannot be reviewed.",
	"remediation": "Set `LoggingInfo.BrokerLogs` to CloudWatch Logs, Firehose or S3.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-msk-cluster.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::MSK::Cluster"}

deny contains {"msg": sprintf("%s does not set LoggingInfo", [cfn.name(r)]), "line": cfn.path_line(r, ["LoggingInfo"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["LoggingInfo"])
	v != null
	v != ""
	v != []
	v != {}
}
