package shiftgate.rules.cloudformation.CFN_071

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-071",
	"title": "S3 public access block turned off",
	"severity": "high",
	"description": "A PublicAccessBlockConfiguration setting set to false lets public ACLs or policies expose the bucket.",
	"remediation": "Set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-publicaccessblockconfiguration.html"],
	"cwe": ["CWE-284"],
	"cis": ["CIS AWS Foundations 1.5.0 2.1.5"],
}

settings := ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"]

deny contains {"msg": sprintf("%s sets %s to false", [cfn.name(r), k]), "line": pab.__lines__[k]} if {
	some r in cfn.resources_of({"AWS::S3::Bucket"})
	pab := r.properties.PublicAccessBlockConfiguration
	some k in settings
	cfn.is_false(pab[k])
}
