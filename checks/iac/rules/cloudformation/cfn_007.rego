package shiftgate.rules.cloudformation.CFN_007

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-007",
	"title": "API Gateway domain allows TLS older than 1.2",
	"severity": "medium",
	"description": "A custom domain without `SecurityPolicy: TLS_1_2` accepts TLS 1.0 clients.",
	"remediation": "Set `SecurityPolicy: TLS_1_2`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-domainname.html"],
	"cwe": ["CWE-326"],
}

types := {"AWS::ApiGateway::DomainName"}

allowed := {"TLS_1_2"}

deny contains {"msg": sprintf("%s: SecurityPolicy is %s, not one of %v", [cfn.name(r), shown(v), allowed]), "line": cfn.path_line(r, ["SecurityPolicy"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["SecurityPolicy"])
	not cfn.unknown(v)
	not v in allowed
}

shown(v) := "not set" if v == null

shown(v) := sprintf("%v", [v]) if v != null
