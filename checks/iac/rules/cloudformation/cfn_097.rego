package shiftgate.rules.cloudformation.CFN_097

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-097",
	"title": "Network ACL entry allows every TCP or UDP port",
	"severity": "medium",
	"description": "A TCP or UDP allow entry without a complete PortRange, or with 0-65535, opens every port of the protocol for its CIDR.",
	"remediation": "Set `PortRange: {From: N, To: M}` to the ports the subnet serves.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-networkaclentry.html"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s allows every %s port", [cfn.name(r), proto]), "line": cfn.line(r, "PortRange")} if {
	some r in cfn.resources_of({"AWS::EC2::NetworkAclEntry"})
	lower(sprintf("%v", [cfn.prop(r, "RuleAction")])) == "allow"
	proto := {"6": "TCP", "17": "UDP"}[sprintf("%v", [cfn.prop(r, "Protocol")])]
	all_ports(object.get(r.properties, "PortRange", {}))
}

all_ports(pr) if not pr.From

all_ports(pr) if not pr.To

all_ports(pr) if {
	to_number(cfn.value(pr.From)) == 0
	to_number(cfn.value(pr.To)) == 65535
}
