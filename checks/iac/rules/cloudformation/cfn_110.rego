package shiftgate.rules.cloudformation.CFN_110

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-110",
	"title": "VPC without flow logs",
	"severity": "medium",
	"description": "A VPC with no AWS::EC2::FlowLog on it records none of the traffic that crosses it.",
	"remediation": "Add an AWS::EC2::FlowLog with ResourceType VPC and ResourceId !Ref the VPC.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-flowlog.html"],
	"cwe": ["CWE-778"],
}

deny contains {"msg": sprintf("%s has no flow log", [cfn.name(r)]), "line": r.line} if {
	some r in cfn.resources_of({"AWS::EC2::VPC"})
	not logged(r)
}

logged(r) if {
	some f in cfn.resources_of({"AWS::EC2::FlowLog"})
	f.properties.ResourceId.Ref == r.name
}

logged(r) if {
	some f in cfn.resources_of({"AWS::EC2::FlowLog"})
	some id in f.properties.ResourceIds
	id.Ref == r.name
}
