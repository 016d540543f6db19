package shiftgate.rules.cloudformation.CFN_005

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-005",
	"title": "API Gateway stage without access logging",
	"severity": "medium",
	"description": "Without an access log the requests an API stage served cannot be reconstructed after an incident.",
	"remediation": "Set `AccessLogSetting` (REST APIs) or `AccessLogSettings` (HTTP/WebSocket APIs) with a DestinationArn and a Format.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html"],
	"cwe": ["CWE-778"],
}

keys := {"AWS::ApiGateway::Stage": "AccessLogSetting", "AWS::ApiGatewayV2::Stage": "AccessLogSettings"}

deny contains {"msg": sprintf("%s has no %s with a destination", [cfn.name(r), key]), "line": cfn.line(r, key)} if {
	some r in input.resources
	key := keys[r.type]
	object.get(r.properties, [key, "DestinationArn"], null) == null
}
