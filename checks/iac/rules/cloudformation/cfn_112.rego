package shiftgate.rules.cloudformation.CFN_112

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-112",
	"title": "Application load balancer without WAF",
	"severity": "medium",
	"description": "An internet-facing application load balancer with no AWS WAF web ACL associated in the template has no filtering of common web attacks.",
	"remediation": "Add an AWS::WAFv2::WebACLAssociation (or AWS::WAFRegional::WebACLAssociation) with ResourceArn !Ref the load balancer.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-wafv2-webaclassociation.html"],
	"cwe": ["CWE-693"],
}

deny contains {"msg": sprintf("%s has no WAF web ACL", [cfn.name(r)]), "line": r.line} if {
	some r in cfn.resources_of({"AWS::ElasticLoadBalancingV2::LoadBalancer"})
	lower(object.get(r.properties, "Type", "application")) == "application"
	lower(object.get(r.properties, "Scheme", "internet-facing")) == "internet-facing"
	not associated(r)
}

associated(r) if {
	some a in cfn.resources_of({"AWS::WAFv2::WebACLAssociation", "AWS::WAFRegional::WebACLAssociation"})
	arn := object.get(a.properties, "ResourceArn", object.get(a.properties, "ResourceArn", null))
	arn.Ref == r.name
}
