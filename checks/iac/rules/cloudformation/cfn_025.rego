package shiftgate.rules.cloudformation.CFN_025

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-025",
	"title": "EC2 detailed monitoring disabled",
	"severity": "low",
	"description": "Without detailed monitoring, metrics come every five minutes, too coarse to spot abuse quickly.",
	"remediation": "Set `Monitoring: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-instance.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::EC2::Instance"}

deny contains {"msg": sprintf("%s: Monitoring is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["Monitoring"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["Monitoring"]))

ok(r) if cfn.unknown(cfn.get(r, ["Monitoring"]))
