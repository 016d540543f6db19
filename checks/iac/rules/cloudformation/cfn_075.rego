package shiftgate.rules.cloudformation.CFN_075

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-075",
	"title": "CloudFront allows HTTP viewers",
	"severity": "medium",
	"description": "A cache behavior with ViewerProtocolPolicy allow-all serves content over plain HTTP.",
	"remediation": "Set ViewerProtocolPolicy to redirect-to-https or https-only.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-distribution-cachebehavior.html"],
	"cwe": ["CWE-319"],
}

deny contains {"msg": sprintf("%s allows HTTP viewers", [cfn.name(r)]), "line": b.__lines__.ViewerProtocolPolicy} if {
	some r in cfn.resources_of({"AWS::CloudFront::Distribution"})
	some b in behaviors(r)
	cfn.value(b.ViewerProtocolPolicy) == "allow-all"
}

behaviors(r) := array.concat(
	[object.get(r.properties, ["DistributionConfig", "DefaultCacheBehavior"], {})],
	cfn.as_array(object.get(r.properties, ["DistributionConfig", "CacheBehaviors"], [])),
)
