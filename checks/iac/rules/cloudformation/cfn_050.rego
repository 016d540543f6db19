package shiftgate.rules.cloudformation.CFN_050

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-050",
	"title": "Redshift cluster without audit logging",
	"severity": "medium",
	"description": "Without audit logging, connections and queries cannot be reviewed.",
	"remediation": "Set `LoggingProperties: {BucketName: …}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-redshift-cluster.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::Redshift::Cluster"}

deny contains {"msg": sprintf("%s does not set LoggingProperties", [cfn.name(r)]), "line": cfn.path_line(r, ["LoggingProperties"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["LoggingProperties"])
	v != null
	v != ""
	v != []
	v != {}
}
