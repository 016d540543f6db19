package shiftgate.rules.cloudformation.CFN_066

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-066",
	"title": "IAM policy grants full administrative privileges",
	"severity": "critical",
	"description": "An Allow statement with Action \"*\" on Resource \"*\" gives whoever holds the policy every permission in the account.",
	"remediation": "Grant only the actions and resources the role needs.",
	"references": ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
	"cwe": ["CWE-269"],
	"cis": ["CIS AWS Foundations 1.5.0 1.16"],
}

types := {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}

deny contains {"msg": sprintf("%s allows every action on every resource", [cfn.name(r)]), "line": l} if {
	some r in cfn.resources_of(types)
	some [doc, l] in cfn.policy_docs(r)
	some s in cfn.statements(doc)
	cfn.allows(s)
	cfn.any_action(s, "*")
	some res in cfn.as_array(s.Resource)
	res == "*"
}
