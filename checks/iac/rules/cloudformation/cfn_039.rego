package shiftgate.rules.cloudformation.CFN_039

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-039",
	"title": "GuardDuty detector disabled",
	"severity": "medium",
	"description": "A disabled detector raises no threat findings.",
	"remediation": "Set `Enable: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-guardduty-detector.html"],
	"cwe": ["CWE-778"],
	"cis": ["CIS AWS Foundations 1.5.0 4.16"],
}

types := {"AWS::GuardDuty::Detector"}

deny contains {"msg": sprintf("%s: Enable is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["Enable"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["Enable"]))

ok(r) if cfn.unknown(cfn.get(r, ["Enable"]))
