package shiftgate.rules.cloudformation.CFN_030

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-030",
	"title": "ElastiCache at-rest encryption disabled",
	"severity": "high",
	"description": "Without at-rest encryption, cached data and backups are stored in clear.",
	"remediation": "Set `AtRestEncryptionEnabled: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::ElastiCache::ReplicationGroup"}

deny contains {"msg": sprintf("%s: AtRestEncryptionEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["AtRestEncryptionEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["AtRestEncryptionEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["AtRestEncryptionEnabled"]))
