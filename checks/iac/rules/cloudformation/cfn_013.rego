package shiftgate.rules.cloudformation.CFN_013

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-013",
	"title": "CloudTrail trail without an SNS topic",
	"severity": "low",
	"description": "Without an SNS topic nobody is told when the trail delivers log files.",
	"remediation": "Set `SnsTopicName`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::CloudTrail::Trail"}

deny contains {"msg": sprintf("%s does not set SnsTopicName", [cfn.name(r)]), "line": cfn.path_line(r, ["SnsTopicName"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["SnsTopicName"])
	v != null
	v != ""
	v != []
	v != {}
}
