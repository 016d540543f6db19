package shiftgate.rules.cloudformation.CFN_054

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-054",
	"title": "SageMaker endpoint storage without a KMS key",
	"severity": "medium",
	"description": "The endpoint's ML storage volumes are not encrypted with a key you control.",
	"remediation": "Set `KmsKeyId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sagemaker-endpointconfig.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::SageMaker::EndpointConfig"}

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
