package shiftgate.rules.cloudformation.CFN_012

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-012",
	"title": "CloudTrail trail not sent to CloudWatch Logs",
	"severity": "low",
	"description": "Without a CloudWatch Logs group and the role CloudTrail uses to write to it, trail events cannot drive metric filters and alarms in near real time.",
	"remediation": "Set both `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html"],
	"cwe": ["CWE-778"],
	"cis": ["CIS AWS Foundations 1.5.0 3.4"],
}

deny contains {"msg": sprintf("%s does not set %s", [cfn.name(r), key]), "line": r.properties_line} if {
	some r in cfn.resources_of({"AWS::CloudTrail::Trail"})
	some key in ["CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn"]
	cfn.prop(r, key) == null
}
