package shiftgate.rules.cloudformation.CFN_099

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-099",
	"title": "Credentials in CloudFormation authentication metadata",
	"severity": "high",
	"description": "AWS::CloudFormation::Authentication metadata with an accessKeyId, secretKey or password puts long-lived credentials into the template and the instance's metadata.",
	"remediation": "Use `roleName` (an instance profile role) instead of keys or passwords.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-authentication.html"],
	"cwe": ["CWE-798"],
}

deny contains {"msg": sprintf("%s: authentication %q carries %s", [cfn.name(r), name, key]), "line": auth.__lines__[key]} if {
	some r in input.resources
	some name, auth in r.resource.Metadata["AWS::CloudFormation::Authentication"]
	not startswith(name, "__")
	some key in ["accessKeyId", "secretKey", "password"]
	auth[key] != null
}
