package shiftgate.rules.cloudformation.CFN_010

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-010",
	"title": "CloudFront distribution without a WAF web ACL",
	"severity": "medium",
	"description": "A distribution without a web ACL has no filtering of common web attacks at the edge.",
	"remediation": "Set `DistributionConfig.WebACLId` to an AWS WAF web ACL.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudfront-distribution.html"],
	"cwe": ["CWE-693"],
}

types := {"AWS::CloudFront::Distribution"}

deny contains {"msg": sprintf("%s does not set DistributionConfig.WebACLId", [cfn.name(r)]), "line": cfn.path_line(r, ["DistributionConfig", "WebACLId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["DistributionConfig", "WebACLId"])
	v != null
	v != ""
	v != []
	v != {}
}
