package shiftgate.rules.cloudformation.CFN_012

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-012",
	"title": "CloudTrail trail not sent to CloudWatch Logs",
	"severity": "low",
	"description": "Without CloudWatch Logs, trail events cannot drive metric filters and alarms in near real time.",
	"remediation": "Set `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html"],
	"cwe": ["CWE-778"],
	"cis": ["CIS AWS Foundations 1.5.0 3.4"],
}

types := {"AWS::CloudTrail::Trail"}

deny contains {"msg": sprintf("%s does not set CloudWatchLogsLogGroupArn", [cfn.name(r)]), "line": cfn.path_line(r, ["CloudWatchLogsLogGroupArn"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["CloudWatchLogsLogGroupArn"])
	v != null
	v != ""
	v != []
	v != {}
}
