package shiftgate.rules.cloudformation.CFN_042

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-042",
	"title": "Lambda function without a dead-letter queue",
	"severity": "low",
	"description": "Failed asynchronous invocations are dropped without trace.",
	"remediation": "Set `DeadLetterConfig: {TargetArn: …}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html"],
	"cwe": ["CWE-755"],
}

types := {"AWS::Lambda::Function"}

deny contains {"msg": sprintf("%s does not set DeadLetterConfig", [cfn.name(r)]), "line": cfn.path_line(r, ["DeadLetterConfig"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["DeadLetterConfig"])
	v != null
	v != ""
	v != []
	v != {}
}
