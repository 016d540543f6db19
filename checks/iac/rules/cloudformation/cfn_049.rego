package shiftgate.rules.cloudformation.CFN_049

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-049",
	"title": "RDS deletion protection disabled",
	"severity": "low",
	"description": "Without deletion protection one API call (or stack update) deletes the database.",
	"remediation": "Set `DeletionProtection: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
	"cwe": ["CWE-693"],
}

types := {"AWS::RDS::DBInstance"}

deny contains {"msg": sprintf("%s: DeletionProtection is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["DeletionProtection"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["DeletionProtection"]))

ok(r) if cfn.unknown(cfn.get(r, ["DeletionProtection"]))
