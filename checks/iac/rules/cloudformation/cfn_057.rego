package shiftgate.rules.cloudformation.CFN_057

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-057",
	"title": "SNS topic not encrypted",
	"severity": "low",
	"description": "Messages are stored unencrypted while the topic delivers them.",
	"remediation": "Set `KmsMasterKeyId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topic.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::SNS::Topic"}

deny contains {"msg": sprintf("%s does not set KmsMasterKeyId", [cfn.name(r)]), "line": cfn.path_line(r, ["KmsMasterKeyId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["KmsMasterKeyId"])
	v != null
	v != ""
	v != []
	v != {}
}
