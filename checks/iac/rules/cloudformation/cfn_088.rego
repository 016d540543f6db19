package shiftgate.rules.cloudformation.CFN_088

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-088",
	"title": "IAM user in no group",
	"severity": "low",
	"description": "A user outside every group gets its permissions one by one.",
	"remediation": "Put the user in a group (`Groups`).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html"],
	"cwe": ["CWE-269"],
}

types := {"AWS::IAM::User"}

deny contains {"msg": sprintf("%s does not set Groups", [cfn.name(r)]), "line": cfn.path_line(r, ["Groups"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["Groups"])
	v != null
	v != ""
	v != []
	v != {}
}
