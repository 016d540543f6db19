package shiftgate.rules.cloudformation.CFN_053

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-053",
	"title": "SageMaker notebook storage without a KMS key",
	"severity": "high",
	"description": "The notebook's ML storage volume is not encrypted with a key you control.",
	"remediation": "Set `KmsKeyId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sagemaker-notebookinstance.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::SageMaker::NotebookInstance"}

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
