package shiftgate.rules.cloudformation.CFN_079

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-079",
	"title": "Database storage not encrypted",
	"severity": "high",
	"description": "An RDS instance or cluster without StorageEncrypted, or a Redshift cluster without Encrypted, keeps data, backups and snapshots in clear.",
	"remediation": "Set StorageEncrypted: true (and KmsKeyId).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
	"cwe": ["CWE-311"],
	"cis": ["CIS AWS Foundations 1.5.0 2.3.1"],
}

deny contains {"msg": sprintf("%s is not encrypted", [cfn.name(r)]), "line": cfn.line(r, "StorageEncrypted")} if {
	some r in cfn.resources_of({"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"})
	not cfn.is_true(cfn.prop(r, "StorageEncrypted"))
	not cfn.unknown(cfn.prop(r, "StorageEncrypted"))
	not member_instance(r)
	not r.properties.SourceDBInstanceIdentifier
	not r.properties.DBSnapshotIdentifier
	not r.properties.KmsKeyId
}

deny contains {"msg": sprintf("%s is not encrypted", [cfn.name(r)]), "line": cfn.line(r, "Encrypted")} if {
	some r in cfn.resources_of({"AWS::Redshift::Cluster"})
	not cfn.is_true(cfn.prop(r, "Encrypted"))
	not cfn.unknown(cfn.prop(r, "Encrypted"))
	not r.properties.SnapshotIdentifier
}

# member_instance holds for an Aurora instance: its cluster sets the encryption.
member_instance(r) if {
	r.type == "AWS::RDS::DBInstance"
	r.properties.DBClusterIdentifier
}
