package shiftgate.rules.cloudformation.CFN_006

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-006",
	"title": "API Gateway stage without X-Ray tracing",
	"severity": "low",
	"description": "Without tracing, a request cannot be followed through the API to the services behind it.",
	"remediation": "Set `TracingEnabled: true` on the stage.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::ApiGateway::Stage"}

deny contains {"msg": sprintf("%s: TracingEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["TracingEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["TracingEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["TracingEnabled"]))
