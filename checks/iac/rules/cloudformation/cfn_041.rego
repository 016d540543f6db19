package shiftgate.rules.cloudformation.CFN_041

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-041",
	"title": "Kinesis stream without server-side encryption",
	"severity": "high",
	"description": "Without StreamEncryption (EncryptionType KMS and a KeyId) records are stored unencrypted in the stream.",
	"remediation": "Set `StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis}` (or your own key).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-kinesis-stream-streamencryption.html"],
	"cwe": ["CWE-311"],
}

deny contains {"msg": sprintf("%s has no StreamEncryption", [cfn.name(r)]), "line": r.properties_line} if {
	some r in cfn.resources_of({"AWS::Kinesis::Stream"})
	not r.properties.StreamEncryption
}

deny contains {"msg": sprintf("%s: StreamEncryption does not set %s", [cfn.name(r), key]), "line": cfn.line(r, "StreamEncryption")} if {
	some r in cfn.resources_of({"AWS::Kinesis::Stream"})
	enc := r.properties.StreamEncryption
	some key in ["EncryptionType", "KeyId"]
	object.get(enc, key, null) == null
}
