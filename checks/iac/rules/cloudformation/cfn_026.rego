package shiftgate.rules.cloudformation.CFN_026

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-026",
	"title": "EC2 instance not EBS-optimized",
	"severity": "info",
	"description": "Without EBS optimisation, volume traffic competes with network traffic.",
	"remediation": "Set `EbsOptimized: true` (or use an instance type that is EBS-optimised by default).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-instance.html"],
	"cwe": ["CWE-400"],
}

types := {"AWS::EC2::Instance"}

deny contains {"msg": sprintf("%s: EbsOptimized is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["EbsOptimized"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["EbsOptimized"]))

ok(r) if cfn.unknown(cfn.get(r, ["EbsOptimized"]))
