package shiftgate.rules.cloudformation.CFN_044

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-044",
	"title": "Amazon MQ broker publicly accessible",
	"severity": "high",
	"description": "A public broker endpoint can be reached (and brute-forced) from the internet.",
	"remediation": "Set `PubliclyAccessible: false` and reach the broker from inside the VPC.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-amazonmq-broker.html"],
	"cwe": ["CWE-284"],
}

types := {"AWS::AmazonMQ::Broker"}

deny contains {"msg": sprintf("%s sets PubliclyAccessible to true", [cfn.name(r)]), "line": cfn.path_line(r, ["PubliclyAccessible"])} if {
	some r in cfn.resources_of(types)
	cfn.is_true(cfn.get(r, ["PubliclyAccessible"]))
}
