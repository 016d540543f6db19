package shiftgate.rules.cloudformation.CFN_072

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-072",
	"title": "S3 bucket access logging disabled",
	"severity": "low",
	"description": "Without server access logging, requests to the bucket cannot be reviewed after an incident.",
	"remediation": "Set `LoggingConfiguration: {DestinationBucketName: …}` (a log bucket need not log itself).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-loggingconfig.html"],
	"cwe": ["CWE-778"],
	"cis": ["CIS AWS Foundations 1.5.0 3.6"],
}

deny contains {"msg": sprintf("%s has no access logging", [cfn.name(r)]), "line": cfn.line(r, "LoggingConfiguration")} if {
	some r in cfn.resources_of({"AWS::S3::Bucket"})
	not r.properties.LoggingConfiguration
	not cfn.prop(r, "AccessControl") == "LogDeliveryWrite"
	not log_target(r)
}

# log_target holds for a bucket other buckets log into: it does not log itself.
log_target(r) if {
	some o in input.resources
	dest := o.properties.LoggingConfiguration.DestinationBucketName
	dest.Ref == r.name
}
