package shiftgate.rules.cloudformation.CFN_028

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-028",
	"title": "EFS file system not encrypted",
	"severity": "high",
	"description": "An unencrypted file system keeps its data readable on the underlying storage.",
	"remediation": "Set `Encrypted: true` (and `KmsKeyId`).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-efs-filesystem.html"],
	"cwe": ["CWE-311"],
	"cis": ["CIS AWS Foundations 1.5.0 2.4.1"],
}

types := {"AWS::EFS::FileSystem"}

deny contains {"msg": sprintf("%s: Encrypted is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["Encrypted"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["Encrypted"]))

ok(r) if cfn.unknown(cfn.get(r, ["Encrypted"]))
