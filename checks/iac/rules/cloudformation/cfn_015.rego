package shiftgate.rules.cloudformation.CFN_015

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-015",
	"title": "CodeBuild project without a customer managed key",
	"severity": "medium",
	"description": "Build artifacts are encrypted with the AWS-managed S3 key instead of a key you control.",
	"remediation": "Set `EncryptionKey` to a KMS key ARN.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codebuild-project.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::CodeBuild::Project"}

deny contains {"msg": sprintf("%s does not set EncryptionKey", [cfn.name(r)]), "line": cfn.path_line(r, ["EncryptionKey"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["EncryptionKey"])
	v != null
	v != ""
	v != []
	v != {}
}
