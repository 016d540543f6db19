package shiftgate.rules.cloudformation.CFN_083

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-083",
	"title": "IAM group with inline policies",
	"severity": "low",
	"description": "Inline policies cannot be reused or reviewed as one, and disappear with the group.",
	"remediation": "Use managed policies (`ManagedPolicyArns`).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-group.html"],
	"cwe": ["CWE-269"],
}

types := {"AWS::IAM::Group"}

deny contains {"msg": sprintf("%s sets Policies", [cfn.name(r)]), "line": cfn.path_line(r, ["Policies"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["Policies"])
	v != null
	v != []
}
