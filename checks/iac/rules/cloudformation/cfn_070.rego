package shiftgate.rules.cloudformation.CFN_070

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-070",
	"title": "S3 bucket ACL is public",
	"severity": "critical",
	"description": "A PublicRead, PublicReadWrite or AuthenticatedRead canned ACL lets anyone (or any AWS account) list or write the bucket.",
	"remediation": "Remove AccessControl (objects stay private) and keep PublicAccessBlockConfiguration on.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html"],
	"cwe": ["CWE-284"],
	"cis": ["CIS AWS Foundations 1.5.0 2.1.5"],
}

public := {"PublicRead", "PublicReadWrite", "AuthenticatedRead"}

deny contains {"msg": sprintf("%s has the %s ACL", [cfn.name(r), cfn.prop(r, "AccessControl")]), "line": cfn.line(r, "AccessControl")} if {
	some r in cfn.resources_of({"AWS::S3::Bucket"})
	cfn.prop(r, "AccessControl") in public
}
