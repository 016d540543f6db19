package shiftgate.rules.cloudformation.CFN_086

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-086",
	"title": "Managed policy attached to an IAM user",
	"severity": "medium",
	"description": "Managed policies attached to users one by one drift apart and are hard to review.",
	"remediation": "Attach managed policies to groups or roles.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html"],
	"cwe": ["CWE-269"],
	"cis": ["CIS AWS Foundations 1.5.0 1.15"],
}

types := {"AWS::IAM::User"}

deny contains {"msg": sprintf("%s sets ManagedPolicyArns", [cfn.name(r)]), "line": cfn.path_line(r, ["ManagedPolicyArns"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["ManagedPolicyArns"])
	v != null
	v != []
}
