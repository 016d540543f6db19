package shiftgate.rules.cloudformation.CFN_077

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-077",
	"title": "RDS automated backups disabled",
	"severity": "medium",
	"description": "BackupRetentionPeriod 0 turns automated backups (and point-in-time restore) off.",
	"remediation": "Set BackupRetentionPeriod to 7 or more days.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
	"cwe": ["CWE-693"],
}

deny contains {"msg": sprintf("%s keeps no automated backups", [cfn.name(r)]), "line": cfn.line(r, "BackupRetentionPeriod")} if {
	some r in cfn.resources_of({"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"})
	v := cfn.prop(r, "BackupRetentionPeriod")
	v != null
	to_number(v) == 0
}
