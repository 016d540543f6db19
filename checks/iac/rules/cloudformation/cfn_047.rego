package shiftgate.rules.cloudformation.CFN_047

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-047",
	"title": "Neptune cluster storage not encrypted",
	"severity": "high",
	"description": "The cluster's storage, backups and snapshots are kept in clear.",
	"remediation": "Set `StorageEncrypted: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-neptune-dbcluster.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::Neptune::DBCluster"}

deny contains {"msg": sprintf("%s: StorageEncrypted is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["StorageEncrypted"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["StorageEncrypted"]))

ok(r) if cfn.unknown(cfn.get(r, ["StorageEncrypted"]))
