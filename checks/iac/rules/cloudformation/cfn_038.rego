package shiftgate.rules.cloudformation.CFN_038

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-038",
	"title": "EMR cluster outside a VPC subnet",
	"severity": "low",
	"description": "A cluster without Ec2SubnetId is not launched into your VPC's subnets.",
	"remediation": "Set `Instances.Ec2SubnetId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-emr-cluster.html"],
	"cwe": ["CWE-668"],
}

types := {"AWS::EMR::Cluster"}

deny contains {"msg": sprintf("%s does not set Instances.Ec2SubnetId", [cfn.name(r)]), "line": cfn.path_line(r, ["Instances", "Ec2SubnetId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["Instances", "Ec2SubnetId"])
	v != null
	v != ""
	v != []
	v != {}
}
