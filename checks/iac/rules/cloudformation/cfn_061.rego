package shiftgate.rules.cloudformation.CFN_061

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-061",
	"title": "SSH open to the internet",
	"severity": "high",
	"description": "A security group rule lets the whole internet (0.0.0.0/0 or ::/0) reach port 22.",
	"remediation": "Allow SSH only from known addresses, or use SSM Session Manager instead of SSH.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html"],
	"cwe": ["CWE-284"],
	"cis": ["CIS AWS Foundations 1.5.0 5.2"],
}

deny contains {"msg": sprintf("%s opens port 22 (SSH) to %s", [cfn.name(x.r), x.cidr]), "line": x.cidr_line} if {
	some x in cfn.ingress
	cfn.world(x.cidr)
	x.protocol != "-1"
	cfn.covers(x, 22)
}
