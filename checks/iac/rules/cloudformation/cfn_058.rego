package shiftgate.rules.cloudformation.CFN_058

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-058",
	"title": "Nested stack without notifications",
	"severity": "low",
	"description": "Nobody is told when the stack changes.",
	"remediation": "Set `NotificationARNs`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::CloudFormation::Stack"}

deny contains {"msg": sprintf("%s does not set NotificationARNs", [cfn.name(r)]), "line": cfn.path_line(r, ["NotificationARNs"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["NotificationARNs"])
	v != null
	v != ""
	v != []
	v != {}
}
