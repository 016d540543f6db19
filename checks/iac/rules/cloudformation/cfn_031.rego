package shiftgate.rules.cloudformation.CFN_031

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-031",
	"title": "ElastiCache in-transit encryption disabled",
	"severity": "medium",
	"description": "Without TLS, cache traffic (and AUTH tokens) cross the network in clear.",
	"remediation": "Set `TransitEncryptionEnabled: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html"],
	"cwe": ["CWE-319"],
}

types := {"AWS::ElastiCache::ReplicationGroup"}

deny contains {"msg": sprintf("%s: TransitEncryptionEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["TransitEncryptionEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["TransitEncryptionEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["TransitEncryptionEnabled"]))
