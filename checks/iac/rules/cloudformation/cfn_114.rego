package shiftgate.rules.cloudformation.CFN_114

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-114",
	"title": "Application load balancer without access logs",
	"severity": "medium",
	"description": "An application load balancer without the access_logs.s3.enabled attribute set to true records none of the requests it passes on.",
	"remediation": "Add LoadBalancerAttributes: [{Key: access_logs.s3.enabled, Value: 'true'}, {Key: access_logs.s3.bucket, Value: …}].",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-elasticloadbalancingv2-loadbalancer-loadbalancerattributes.html"],
	"cwe": ["CWE-778"],
}

deny contains {"msg": sprintf("%s does not write access logs", [cfn.name(r)]), "line": cfn.line(r, "LoadBalancerAttributes")} if {
	some r in cfn.resources_of({"AWS::ElasticLoadBalancingV2::LoadBalancer"})
	lower(object.get(r.properties, "Type", "application")) == "application"
	not logging(r)
}

logging(r) if {
	some a in cfn.as_array(object.get(r.properties, "LoadBalancerAttributes", []))
	a.Key == "access_logs.s3.enabled"
	cfn.is_true(a.Value)
}

logging(r) if {
	some a in cfn.as_array(object.get(r.properties, "LoadBalancerAttributes", []))
	a.Key == "access_logs.s3.enabled"
	cfn.unknown(a.Value)
}
