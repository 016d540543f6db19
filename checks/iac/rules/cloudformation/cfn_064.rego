package shiftgate.rules.cloudformation.CFN_064

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-064",
	"title": "Security group ingress allows all protocols",
	"severity": "medium",
	"description": "An ingress rule with IpProtocol -1 opens every port of every protocol to its source, whatever the ports say.",
	"remediation": "Set IpProtocol to tcp, udp or icmp with the ports the service needs.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-security-group-rule.html"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s: an ingress rule allows all protocols (IpProtocol -1)", [cfn.name(x.r)]), "line": x.proto_line} if {
	some x in cfn.ingress
	x.protocol == "-1"
	not cfn.world(x.cidr) # the open-to-the-world case is CFN-063
}
