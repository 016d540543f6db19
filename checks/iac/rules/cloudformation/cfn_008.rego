package shiftgate.rules.cloudformation.CFN_008

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-008",
	"title": "RDS minor version upgrades disabled",
	"severity": "low",
	"description": "With AutoMinorVersionUpgrade false the database engine misses the minor releases that carry security fixes.",
	"remediation": "Remove `AutoMinorVersionUpgrade: false` (the default is true).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
	"cwe": ["CWE-1104"],
}

types := {"AWS::RDS::DBInstance"}

deny contains {"msg": sprintf("%s sets AutoMinorVersionUpgrade to false", [cfn.name(r)]), "line": cfn.path_line(r, ["AutoMinorVersionUpgrade"])} if {
	some r in cfn.resources_of(types)
	cfn.is_false(cfn.get(r, ["AutoMinorVersionUpgrade"]))
}
