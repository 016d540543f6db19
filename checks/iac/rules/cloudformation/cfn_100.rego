package shiftgate.rules.cloudformation.CFN_100

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-100",
	"title": "S3 CORS rule allows every origin or method",
	"severity": "medium",
	"description": "A CORS rule with AllowedOrigins \"*\" or AllowedMethods \"*\" lets any web page read (or write) the bucket from a visitor's browser.",
	"remediation": "List the origins and methods the web application needs.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-cors.html"],
	"cwe": ["CWE-942"],
}

deny contains {"msg": sprintf("%s: CORS rule allows any %s", [cfn.name(r), what]), "line": cors.__lines__.CorsRules} if {
	some r in cfn.resources_of({"AWS::S3::Bucket"})
	cors := r.properties.CorsConfiguration
	some rule in cors.CorsRules
	some key, what in {"AllowedOrigins": "origin", "AllowedMethods": "method"}
	"*" in cfn.as_array(rule[key])
}
