package shiftgate.rules.cloudformation.CFN_068

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-068",
	"title": "Resource policy allows any principal",
	"severity": "critical",
	"description": "An Allow statement of an S3 bucket, SNS topic, SQS queue, ECR repository or KMS key policy names Principal \"*\" without a condition, so anyone (any AWS account, or the internet) gets the actions it lists.",
	"remediation": "Name the principals that need access, or add a condition (aws:SourceArn, aws:PrincipalOrgID, aws:SourceVpce) that restricts it.",
	"references": ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"],
	"cwe": ["CWE-284"],
}

policies := {
	"AWS::S3::BucketPolicy": "PolicyDocument",
	"AWS::SNS::TopicPolicy": "PolicyDocument",
	"AWS::SQS::QueuePolicy": "PolicyDocument",
	"AWS::ECR::Repository": "RepositoryPolicyText",
	"AWS::KMS::Key": "KeyPolicy",
	"AWS::Lambda::LayerVersionPermission": "Principal",
}

deny contains {"msg": sprintf("%s allows any principal %v", [cfn.name(r), cfn.as_array(s.Action)]), "line": cfn.line(r, key)} if {
	some r in input.resources
	key := policies[r.type]
	some s in cfn.statements(r.properties[key])
	cfn.allows(s)
	cfn.public_principal(s.Principal)
	not cfn.restricting(object.get(s, "Condition", {}))
}
