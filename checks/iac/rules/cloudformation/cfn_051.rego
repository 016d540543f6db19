package shiftgate.rules.cloudformation.CFN_051

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-051",
	"title": "Redshift cluster without a customer managed key",
	"severity": "medium",
	"description": "Without KmsKeyId the warehouse is not encrypted with a key you control.",
	"remediation": "Set `Encrypted: true` and `KmsKeyId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-redshift-cluster.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::Redshift::Cluster"}

deny contains {"msg": sprintf("%s does not set KmsKeyId", [cfn.name(r)]), "line": cfn.path_line(r, ["KmsKeyId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["KmsKeyId"])
	v != null
	v != ""
	v != []
	v != {}
}
