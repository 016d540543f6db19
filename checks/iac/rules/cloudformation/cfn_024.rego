package shiftgate.rules.cloudformation.CFN_024

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-024",
	"title": "EC2 instance without an instance profile",
	"severity": "medium",
	"description": "Without an instance profile, software on the instance ends up with long-lived access keys on disk.",
	"remediation": "Set `IamInstanceProfile` to a profile with a least-privilege role.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-instance.html"],
	"cwe": ["CWE-522"],
}

types := {"AWS::EC2::Instance"}

deny contains {"msg": sprintf("%s does not set IamInstanceProfile", [cfn.name(r)]), "line": cfn.path_line(r, ["IamInstanceProfile"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["IamInstanceProfile"])
	v != null
	v != ""
	v != []
	v != {}
}
