package shiftgate.rules.cloudformation.CFN_085

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-085",
	"title": "IAM user with inline policies",
	"severity": "medium",
	"description": "Permissions given to users one by one drift apart and are hard to review; grant them through groups or roles.",
	"remediation": "Put the user in a group that carries the policy.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html"],
	"cwe": ["CWE-269"],
	"cis": ["CIS AWS Foundations 1.5.0 1.15"],
}

types := {"AWS::IAM::User"}

deny contains {"msg": sprintf("%s sets Policies", [cfn.name(r)]), "line": cfn.path_line(r, ["Policies"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["Policies"])
	v != null
	v != []
}
