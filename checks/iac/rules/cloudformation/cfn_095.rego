package shiftgate.rules.cloudformation.CFN_095

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-095",
	"title": "Security group egress open to the internet",
	"severity": "low",
	"description": "An egress rule to 0.0.0.0/0 or ::/0 lets a compromised workload send data anywhere; outbound traffic should go to the destinations the workload needs.",
	"remediation": "Restrict egress to the CIDRs, prefix lists or security groups the workload talks to.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroupegress.html"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s allows egress to %s", [cfn.name(x.r), x.cidr]), "line": x.line} if {
	some x in cfn.egress
	cfn.world(x.cidr)
}
