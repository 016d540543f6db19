package shiftgate.rules.cloudformation.CFN_091

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-091",
	"title": "WAF web ACL allows by default",
	"severity": "high",
	"description": "A web ACL whose default action is ALLOW lets through every request no rule blocks.",
	"remediation": "Set `DefaultAction.Type: BLOCK` and allow known-good traffic with rules.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-waf-webacl.html"],
	"cwe": ["CWE-693"],
}

types := {"AWS::WAF::WebACL", "AWS::WAFRegional::WebACL"}

bad := {"ALLOW"}

deny contains {"msg": sprintf("%s: DefaultAction.Type is %v", [cfn.name(r), v]), "line": cfn.path_line(r, ["DefaultAction", "Type"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["DefaultAction", "Type"])
	v in bad
}
