package shiftgate.rules.cloudformation.CFN_115

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-115",
	"title": "IAM policy allows assuming any role",
	"severity": "high",
	"description": "An Allow statement for sts:AssumeRole on Resource \"*\" lets its holder assume every role whose trust policy admits the account, a path to any of their permissions.",
	"remediation": "Name the role ARNs the principal may assume.",
	"references": ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html"],
	"cwe": ["CWE-269"],
}

types := {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}

deny contains {"msg": sprintf("%s allows sts:AssumeRole on every role", [cfn.name(r)]), "line": l} if {
	some r in cfn.resources_of(types)
	some [doc, l] in cfn.policy_docs(r)
	some s in cfn.statements(doc)
	cfn.allows(s)
	some a in cfn.as_array(s.Action)
	lower(a) in {"sts:assumerole", "sts:*"}
	"*" in cfn.as_array(s.Resource)
}
