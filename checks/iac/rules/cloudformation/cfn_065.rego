package shiftgate.rules.cloudformation.CFN_065

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-065",
	"title": "Uncommon port open to the internet",
	"severity": "high",
	"description": "A security group rule opens a port range to the whole internet that is not a well-known public service port (80, 443).",
	"remediation": "Open only the ports the service publishes, and restrict management and data ports to known addresses.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html"],
	"cwe": ["CWE-284"],
}

public_ports := {80, 443}

deny contains {"msg": sprintf("%s opens ports %d-%d to %s", [cfn.name(x.r), x.from, x.to, x.cidr]), "line": x.cidr_line} if {
	some x in cfn.ingress
	cfn.world(x.cidr)
	x.protocol in {"tcp", "udp", "6", "17"}
	not x.from == x.to
	x.from != -1
}

deny contains {"msg": sprintf("%s opens port %d to %s", [cfn.name(x.r), x.from, x.cidr]), "line": x.cidr_line} if {
	some x in cfn.ingress
	cfn.world(x.cidr)
	x.protocol in {"tcp", "udp", "6", "17"}
	x.from == x.to
	not x.from in public_ports
	not x.from in {22, 3389} # CFN-061, CFN-062
}
