package shiftgate.rules.cloudformation.CFN_062

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-062",
	"title": "RDP open to the internet",
	"severity": "high",
	"description": "A security group rule lets the whole internet (0.0.0.0/0 or ::/0) reach port 3389.",
	"remediation": "Allow RDP only from known addresses or through a bastion / Fleet Manager.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html"],
	"cwe": ["CWE-284"],
	"cis": ["CIS AWS Foundations 1.5.0 5.2"],
}

deny contains {"msg": sprintf("%s opens port 3389 (RDP) to %s", [cfn.name(x.r), x.cidr]), "line": x.cidr_line} if {
	some x in cfn.ingress
	cfn.world(x.cidr)
	x.protocol != "-1"
	cfn.covers(x, 3389)
}
