package shiftgate.rules.cloudformation.CFN_048

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-048",
	"title": "RDS instance publicly accessible",
	"severity": "critical",
	"description": "A public database endpoint can be reached (and brute-forced) from the internet.",
	"remediation": "Set `PubliclyAccessible: false`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
	"cwe": ["CWE-284"],
	"cis": ["CIS AWS Foundations 3.0.0 2.3.3"],
}

types := {"AWS::RDS::DBInstance"}

deny contains {"msg": sprintf("%s sets PubliclyAccessible to true", [cfn.name(r)]), "line": cfn.path_line(r, ["PubliclyAccessible"])} if {
	some r in cfn.resources_of(types)
	cfn.is_true(cfn.get(r, ["PubliclyAccessible"]))
}
