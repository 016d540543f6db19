package shiftgate.rules.cloudformation.CFN_001

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-001",
	"title": "Amazon MQ broker encryption options not set",
	"severity": "medium",
	"description": "Without EncryptionOptions the broker's data at rest is encrypted with an AWS-owned key you cannot audit, rotate or revoke.",
	"remediation": "Set `EncryptionOptions: {UseAwsOwnedKey: false, KmsKeyId: <your key>}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-amazonmq-broker.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::AmazonMQ::Broker"}

deny contains {"msg": sprintf("%s does not set EncryptionOptions", [cfn.name(r)]), "line": cfn.path_line(r, ["EncryptionOptions"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["EncryptionOptions"])
	v != null
	v != ""
	v != []
	v != {}
}
