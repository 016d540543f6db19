package shiftgate.rules.cloudformation.CFN_082

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-082",
	"title": "S3 bucket hosts a static website",
	"severity": "medium",
	"description": "A website endpoint serves the bucket's objects over plain HTTP to anyone, outside CloudFront's TLS, WAF and logging.",
	"remediation": "Serve the site through CloudFront with origin access control and keep the bucket private.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html"],
	"cwe": ["CWE-284"],
}

types := {"AWS::S3::Bucket"}

deny contains {"msg": sprintf("%s sets WebsiteConfiguration", [cfn.name(r)]), "line": cfn.path_line(r, ["WebsiteConfiguration"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["WebsiteConfiguration"])
	v != null
	v != []
}
