package shiftgate.rules.cloudformation.CFN_094

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-094",
	"title": "RDS IAM database authentication not enabled",
	"severity": "medium",
	"description": "On an engine that supports it (MySQL, MariaDB, PostgreSQL and their Aurora editions), leaving IAM database authentication off means only long-lived database passwords protect the database.",
	"remediation": "Set `EnableIAMDatabaseAuthentication: true` and give applications IAM roles with rds-db:connect.",
	"references": ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html"],
	"cwe": ["CWE-287"],
}

# Engines with IAM database authentication; "aurora" alone is Aurora MySQL 5.6 on
# classes that mostly do not support it.
engines := {"mysql", "mariadb", "postgres", "aurora-mysql", "aurora-postgresql"}

deny contains {"msg": sprintf("%s (%s) does not enable IAM database authentication", [cfn.name(r), engine]), "line": cfn.line(r, "EnableIAMDatabaseAuthentication")} if {
	some r in cfn.resources_of({"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"})
	engine := lower(cfn.prop(r, "Engine"))
	engine in engines
	cfn.is_false(cfn.prop(r, "EnableIAMDatabaseAuthentication"))
	not member_instance(r)
}

deny contains {"msg": sprintf("%s (%s) does not enable IAM database authentication", [cfn.name(r), engine]), "line": cfn.line(r, "EnableIAMDatabaseAuthentication")} if {
	some r in cfn.resources_of({"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"})
	engine := lower(cfn.prop(r, "Engine"))
	engine in engines
	cfn.prop(r, "EnableIAMDatabaseAuthentication") == null
	not member_instance(r)
}

# An Aurora instance takes the setting from its cluster.
member_instance(r) if {
	r.type == "AWS::RDS::DBInstance"
	r.properties.DBClusterIdentifier
}
