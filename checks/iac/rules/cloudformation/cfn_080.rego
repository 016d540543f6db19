package shiftgate.rules.cloudformation.CFN_080

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-080",
	"title": "SQS queue not encrypted",
	"severity": "medium",
	"description": "A queue with neither a KMS key nor SQS-managed encryption stores its messages in clear.",
	"remediation": "Set KmsMasterKeyId, or leave SqsManagedSseEnabled at its default true.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html"],
	"cwe": ["CWE-311"],
}

deny contains {"msg": sprintf("%s is not encrypted", [cfn.name(r)]), "line": cfn.line(r, "SqsManagedSseEnabled")} if {
	some r in cfn.resources_of({"AWS::SQS::Queue"})
	not r.properties.KmsMasterKeyId
	cfn.is_false(cfn.prop(r, "SqsManagedSseEnabled"))
}
