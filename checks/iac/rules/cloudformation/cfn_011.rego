package shiftgate.rules.cloudformation.CFN_011

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-011",
	"title": "CloudTrail trail is single-region",
	"severity": "low",
	"description": "A single-region trail misses API activity in every other region, where an attacker can work unseen.",
	"remediation": "Set `IsMultiRegionTrail: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html"],
	"cwe": ["CWE-778"],
	"cis": ["CIS AWS Foundations 1.5.0 3.1"],
}

types := {"AWS::CloudTrail::Trail"}

deny contains {"msg": sprintf("%s: IsMultiRegionTrail is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["IsMultiRegionTrail"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["IsMultiRegionTrail"]))

ok(r) if cfn.unknown(cfn.get(r, ["IsMultiRegionTrail"]))
