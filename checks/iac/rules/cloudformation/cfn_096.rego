package shiftgate.rules.cloudformation.CFN_096

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-096",
	"title": "Network ACL entry allows all protocols",
	"severity": "medium",
	"description": "An allow entry with Protocol -1 opens every port of every protocol for its CIDR, whatever the ports say.",
	"remediation": "Use Protocol 6 (TCP), 17 (UDP), 1 (ICMP) or 58 (ICMPv6) with a PortRange.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-networkaclentry.html"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s allows all protocols", [cfn.name(r)]), "line": cfn.line(r, "Protocol")} if {
	some r in cfn.resources_of({"AWS::EC2::NetworkAclEntry"})
	lower(sprintf("%v", [cfn.prop(r, "RuleAction")])) == "allow"
	sprintf("%v", [cfn.prop(r, "Protocol")]) == "-1"
}
