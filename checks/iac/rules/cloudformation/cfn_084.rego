package shiftgate.rules.cloudformation.CFN_084

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-084",
	"title": "IAM policy attached to users",
	"severity": "medium",
	"description": "Permissions given to users one by one drift apart and are hard to review; grant them through groups or roles.",
	"remediation": "Attach the policy to a group (`Groups`) or role (`Roles`) instead of `Users`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html"],
	"cwe": ["CWE-269"],
	"cis": ["CIS AWS Foundations 1.5.0 1.15"],
}

types := {"AWS::IAM::Policy"}

deny contains {"msg": sprintf("%s sets Users", [cfn.name(r)]), "line": cfn.path_line(r, ["Users"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["Users"])
	v != null
	v != []
}
