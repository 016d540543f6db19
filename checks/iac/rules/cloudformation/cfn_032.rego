package shiftgate.rules.cloudformation.CFN_032

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-032",
	"title": "ElastiCache cluster outside a VPC subnet group",
	"severity": "low",
	"description": "A cache cluster without a subnet group is not placed in your VPC's private subnets.",
	"remediation": "Set `CacheSubnetGroupName`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-cache-cluster.html"],
	"cwe": ["CWE-668"],
}

types := {"AWS::ElastiCache::CacheCluster"}

deny contains {"msg": sprintf("%s does not set CacheSubnetGroupName", [cfn.name(r)]), "line": cfn.path_line(r, ["CacheSubnetGroupName"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["CacheSubnetGroupName"])
	v != null
	v != ""
	v != []
	v != {}
}
