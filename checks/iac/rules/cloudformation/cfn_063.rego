package shiftgate.rules.cloudformation.CFN_063

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-063",
	"title": "All traffic open to the internet",
	"severity": "critical",
	"description": "A security group ingress rule allows every protocol and port (IpProtocol -1) from 0.0.0.0/0 or ::/0.",
	"remediation": "Name the protocol and ports the service needs and restrict the source range.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-security-group-rule.html"],
	"cwe": ["CWE-284"],
	"cis": ["CIS AWS Foundations 1.5.0 5.2"],
}

deny contains {"msg": sprintf("%s allows all protocols and ports from %s", [cfn.name(x.r), x.cidr]), "line": x.proto_line} if {
	some x in cfn.ingress
	cfn.world(x.cidr)
	x.protocol == "-1"
}
