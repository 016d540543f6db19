package shiftgate.rules.cloudformation.CFN_078

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-078",
	"title": "RDS backup retention shorter than 7 days",
	"severity": "low",
	"description": "Backups kept for fewer than 7 days (1 by default) leave little time to notice and recover from corruption or tampering.",
	"remediation": "Set BackupRetentionPeriod to 7 or more.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
	"cwe": ["CWE-693"],
}

deny contains {"msg": sprintf("%s keeps backups for %v days", [cfn.name(r), n]), "line": cfn.line(r, "BackupRetentionPeriod")} if {
	some r in cfn.resources_of({"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"})
	n := to_number(cfn.prop(r, "BackupRetentionPeriod"))
	n > 0
	n < 7
}

deny contains {"msg": sprintf("%s keeps backups for the default 1 day", [cfn.name(r)]), "line": r.properties_line} if {
	some r in cfn.resources_of({"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"})
	cfn.prop(r, "BackupRetentionPeriod") == null
	not r.properties.DBClusterIdentifier # an Aurora instance: the cluster keeps the backups
	not r.properties.SourceDBInstanceIdentifier # a read replica
}
