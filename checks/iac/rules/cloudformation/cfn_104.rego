package shiftgate.rules.cloudformation.CFN_104

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-104",
	"title": "Instance profile without a role",
	"severity": "medium",
	"description": "An instance profile with no role gives the instances that use it no credentials, which pushes people to put access keys on the instance instead.",
	"remediation": "Set `Roles: [!Ref InstanceRole]` on the AWS::IAM::InstanceProfile.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-instanceprofile.html"],
	"cwe": ["CWE-522"],
}

empty(p) if count(cfn.as_array(object.get(p.properties, "Roles", []))) == 0

deny contains {"msg": sprintf("%s has no role", [cfn.name(p)]), "line": p.properties_line} if {
	some p in cfn.resources_of({"AWS::IAM::InstanceProfile"})
	empty(p)
}

deny contains {"msg": sprintf("%s uses instance profile %s, which has no role", [cfn.name(r), p.name]), "line": cfn.line(r, "IamInstanceProfile")} if {
	some r in cfn.resources_of({"AWS::EC2::Instance"})
	ref := r.properties.IamInstanceProfile.Ref
	some p in cfn.resources_of({"AWS::IAM::InstanceProfile"})
	p.name == ref
	empty(p)
}
