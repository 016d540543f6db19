package shiftgate.rules.cloudformation.CFN_009

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-009",
	"title": "CloudFront distribution without access logging",
	"severity": "medium",
	"description": "Without standard logging the viewer requests a distribution served cannot be reconstructed.",
	"remediation": "Set `DistributionConfig.Logging: {Bucket: …}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudfront-distribution.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::CloudFront::Distribution"}

deny contains {"msg": sprintf("%s does not set DistributionConfig.Logging", [cfn.name(r)]), "line": cfn.path_line(r, ["DistributionConfig", "Logging"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["DistributionConfig", "Logging"])
	v != null
	v != ""
	v != []
	v != {}
}
