package shiftgate.rules.cloudformation.CFN_067

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-067",
	"title": "IAM role can be assumed by any principal",
	"severity": "high",
	"description": "The role's trust policy allows Principal \"*\" (or AWS \"*\") to assume it, so any AWS account can take its permissions.",
	"remediation": "Name the accounts, roles or services allowed to assume the role, and add an sts:ExternalId condition for third parties.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s can be assumed by any principal", [cfn.name(r)]), "line": cfn.line(r, "AssumeRolePolicyDocument")} if {
	some r in cfn.resources_of({"AWS::IAM::Role"})
	some s in cfn.statements(r.properties.AssumeRolePolicyDocument)
	cfn.allows(s)
	cfn.public_principal(s.Principal)
	not cfn.restricting(object.get(s, "Condition", {}))
}
