package shiftgate.rules.cloudformation.CFN_102

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-102",
	"title": "Policy allows with NotAction",
	"severity": "medium",
	"description": "An Allow statement with NotAction grants every action except those listed, including every action AWS adds later.",
	"remediation": "List the allowed actions with Action; keep NotAction for Deny statements.",
	"references": ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"],
	"cwe": ["CWE-269"],
}

keys := {
	"AWS::SNS::TopicPolicy": "PolicyDocument", "AWS::SQS::QueuePolicy": "PolicyDocument", "AWS::S3::BucketPolicy": "PolicyDocument",
	"AWS::IAM::Policy": "PolicyDocument", "AWS::IAM::ManagedPolicy": "PolicyDocument", "AWS::KMS::Key": "KeyPolicy",
}

deny contains {"msg": sprintf("%s allows every action except %v", [cfn.name(r), s.NotAction]), "line": cfn.line(r, key)} if {
	some r in input.resources
	key := keys[r.type]
	some s in cfn.statements(r.properties[key])
	cfn.allows(s)
	s.NotAction
}
