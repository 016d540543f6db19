package shiftgate.rules.cloudformation.CFN_087

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-087",
	"title": "Managed policy attached to IAM users",
	"severity": "medium",
	"description": "Managed policies attached to users one by one drift apart and are hard to review.",
	"remediation": "Attach the policy to groups or roles.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html"],
	"cwe": ["CWE-269"],
	"cis": ["CIS AWS Foundations 1.5.0 1.15"],
}

types := {"AWS::IAM::ManagedPolicy"}

deny contains {"msg": sprintf("%s sets Users", [cfn.name(r)]), "line": cfn.path_line(r, ["Users"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["Users"])
	v != null
	v != []
}
