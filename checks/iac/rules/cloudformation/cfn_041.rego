package shiftgate.rules.cloudformation.CFN_041

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-041",
	"title": "Kinesis stream without server-side encryption",
	"severity": "high",
	"description": "Records are stored unencrypted in the stream.",
	"remediation": "Set `StreamEncryption: {EncryptionType: KMS, KeyId: …}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-stream.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::Kinesis::Stream"}

deny contains {"msg": sprintf("%s does not set StreamEncryption", [cfn.name(r)]), "line": cfn.path_line(r, ["StreamEncryption"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["StreamEncryption"])
	v != null
	v != ""
	v != []
	v != {}
}
