package shiftgate.rules.cloudformation.CFN_101

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-101",
	"title": "CloudFront talks to its origin over HTTP",
	"severity": "medium",
	"description": "A custom origin with OriginProtocolPolicy http-only (or match-viewer while viewers may use HTTP) carries requests between CloudFront and the origin in clear.",
	"remediation": "Set `CustomOriginConfig.OriginProtocolPolicy: https-only`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-distribution-customoriginconfig.html"],
	"cwe": ["CWE-319"],
}

deny contains {"msg": sprintf("%s: origin %v is reached over HTTP", [cfn.name(r), object.get(o, "Id", "")]), "line": o.CustomOriginConfig.__lines__.OriginProtocolPolicy} if {
	some r in cfn.resources_of({"AWS::CloudFront::Distribution"})
	some o in object.get(r.properties, ["DistributionConfig", "Origins"], [])
	cfn.value(o.CustomOriginConfig.OriginProtocolPolicy) == "http-only"
}

deny contains {"msg": sprintf("%s serves viewers over HTTP and forwards their protocol to the origin", [cfn.name(r)]), "line": b.__lines__.ViewerProtocolPolicy} if {
	some r in cfn.resources_of({"AWS::CloudFront::Distribution"})
	some o in object.get(r.properties, ["DistributionConfig", "Origins"], [])
	cfn.value(o.CustomOriginConfig.OriginProtocolPolicy) == "match-viewer"
	some b in array.concat([object.get(r.properties, ["DistributionConfig", "DefaultCacheBehavior"], {})], cfn.as_array(object.get(r.properties, ["DistributionConfig", "CacheBehaviors"], [])))
	cfn.value(b.ViewerProtocolPolicy) == "allow-all"
}
