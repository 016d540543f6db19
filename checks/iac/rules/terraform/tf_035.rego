package shiftgate.rules.terraform.TF_035

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-035",
	"title": "IAM principal can escalate its own privileges",
	"severity": "high",
	"description": "The policies of this user, group or role allow an action (or pair of actions) known to let a principal raise its own privileges: rewrite or attach policies, create keys or passwords for others, pass a role to a service that runs code.",
	"remediation": "Remove the escalation actions, scope them to specific resources with conditions, or give them only to break-glass administrators.",
	"references": [
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
	],
	"cwe": [
		"CWE-269",
	],
}

# Each path is a set of actions that together let a principal raise its own privileges.
paths := [
	["iam:CreatePolicyVersion"],
	["iam:SetDefaultPolicyVersion"],
	["iam:CreateAccessKey"],
	["iam:CreateLoginProfile"],
	["iam:UpdateLoginProfile"],
	["iam:AttachUserPolicy"],
	["iam:AttachGroupPolicy"],
	["iam:AttachRolePolicy"],
	["iam:PutUserPolicy"],
	["iam:PutGroupPolicy"],
	["iam:PutRolePolicy"],
	["iam:AddUserToGroup"],
	["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
	["glue:UpdateDevEndpoint"],
	["lambda:UpdateFunctionCode"],
	["iam:PassRole", "ec2:RunInstances"],
	["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
	["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
	["iam:PassRole", "cloudformation:CreateStack"],
	["iam:PassRole", "glue:CreateDevEndpoint"],
	["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
]

kinds := {"aws_iam_user": "user", "aws_iam_group": "group", "aws_iam_role": "role"}

# policies holds the policy documents that apply to principal p: its inline policies
# and the managed policies attached to it, as written in this module.
policies(p) := [doc |
	some r in input.resources
	r.type == sprintf("aws_iam_%s_policy", [kinds[p.type]])
	tf.refers(r.config[kinds[p.type]], p)
	doc := r.config.policy
]

attached(p) := [doc |
	some a in input.resources
	a.type == sprintf("aws_iam_%s_policy_attachment", [kinds[p.type]])
	tf.refers(a.config[kinds[p.type]], p)
	some m in input.by_type.aws_iam_policy
	m.type == "aws_iam_policy"
	tf.refers(a.config.policy_arn, m)
	doc := m.config.policy
]

shared(p) := [doc |
	some a in input.by_type.aws_iam_policy_attachment
	a.type == "aws_iam_policy_attachment"
	some x in tf.as_array(object.get(a.config, sprintf("%ss", [kinds[p.type]]), []))
	tf.refers(x, p)
	some m in input.by_type.aws_iam_policy
	m.type == "aws_iam_policy"
	tf.refers(a.config.policy_arn, m)
	doc := m.config.policy
]

# allowed is every action pattern an Allow statement of p's policies grants (not "*":
# full administrative access is TF-012's finding).
allowed(p) := {lower(a) |
	some doc in array.concat(array.concat(policies(p), attached(p)), shared(p))
	some s in tf.statements(doc)
	object.get(s, "Effect", "") == "Allow"
	some a in tf.as_array(s.Action)
	is_string(a)
	a != "*"
}

grants(patterns, action) if {
	some pat in patterns
	glob.match(pat, [], lower(action))
}

deny contains {"msg": sprintf("%s can escalate its privileges with %s", [tf.rname(p), concat(" + ", path)]), "line": p.line, "path": p.path} if {
	some p in input.resources
	kinds[p.type]
	pats := allowed(p)
	some path in paths
	every action in path {
		grants(pats, action)
	}
}
