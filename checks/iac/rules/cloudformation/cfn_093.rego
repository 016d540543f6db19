package shiftgate.rules.cloudformation.CFN_093

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-093",
	"title": "CloudFront without geo restriction",
	"severity": "low",
	"description": "Without a geographic allow or block list, content is served to every country.",
	"remediation": "Set `Restrictions.GeoRestriction.RestrictionType` to whitelist or blacklist with the locations.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudfront-distribution.html"],
	"cwe": ["CWE-284"],
}

types := {"AWS::CloudFront::Distribution"}

allowed := {"whitelist", "blacklist", "allowlist", "blocklist"}

deny contains {"msg": sprintf("%s: DistributionConfig.Restrictions.GeoRestriction.RestrictionType is %s, not one of %v", [cfn.name(r), shown(v), allowed]), "line": cfn.path_line(r, ["DistributionConfig", "Restrictions", "GeoRestriction", "RestrictionType"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["DistributionConfig", "Restrictions", "GeoRestriction", "RestrictionType"])
	not cfn.unknown(v)
	not v in allowed
}

shown(v) := "not set" if v == null

shown(v) := sprintf("%v", [v]) if v != null
