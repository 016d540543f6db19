package shiftgate.rules.cloudformation.CFN_036

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-036",
	"title": "Classic load balancer without access logs",
	"severity": "medium",
	"description": "Without access logs the requests a load balancer passed on cannot be reconstructed.",
	"remediation": "Set `AccessLoggingPolicy: {Enabled: true, S3BucketName: …}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticloadbalancing-loadbalancer.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::ElasticLoadBalancing::LoadBalancer"}

deny contains {"msg": sprintf("%s: AccessLoggingPolicy.Enabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["AccessLoggingPolicy", "Enabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["AccessLoggingPolicy", "Enabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["AccessLoggingPolicy", "Enabled"]))
