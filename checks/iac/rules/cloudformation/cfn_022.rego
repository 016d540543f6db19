package shiftgate.rules.cloudformation.CFN_022

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-022",
	"title": "EBS volume not encrypted",
	"severity": "high",
	"description": "An unencrypted volume and its snapshots expose their data to anyone who can read them.",
	"remediation": "Set `Encrypted: true` (and `KmsKeyId`).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-volume.html"],
	"cwe": ["CWE-311"],
	"cis": ["CIS AWS Foundations 1.5.0 2.2.1"],
}

types := {"AWS::EC2::Volume"}

deny contains {"msg": sprintf("%s: Encrypted is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["Encrypted"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["Encrypted"]))

ok(r) if cfn.unknown(cfn.get(r, ["Encrypted"]))
