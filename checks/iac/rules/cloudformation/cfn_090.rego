package shiftgate.rules.cloudformation.CFN_090

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-090",
	"title": "MSK brokers publicly accessible",
	"severity": "high",
	"description": "Brokers with public IPs can be reached from the internet.",
	"remediation": "Set `PublicAccess.Type: DISABLED` and connect from inside the VPC.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-msk-cluster.html"],
	"cwe": ["CWE-284"],
}

types := {"AWS::MSK::Cluster"}

bad := {"SERVICE_PROVIDED_EIPS"}

deny contains {"msg": sprintf("%s: BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type is %v", [cfn.name(r), v]), "line": cfn.path_line(r, ["BrokerNodeGroupInfo", "ConnectivityInfo", "PublicAccess", "Type"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["BrokerNodeGroupInfo", "ConnectivityInfo", "PublicAccess", "Type"])
	v in bad
}
