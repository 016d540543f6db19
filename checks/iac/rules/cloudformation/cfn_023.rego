package shiftgate.rules.cloudformation.CFN_023

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-023",
	"title": "EBS volume without a customer managed key",
	"severity": "low",
	"description": "Without KmsKeyId the volume uses the account's default EBS key, shared by every volume.",
	"remediation": "Set `KmsKeyId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-volume.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::EC2::Volume"}

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
