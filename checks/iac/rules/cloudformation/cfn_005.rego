package shiftgate.rules.cloudformation.CFN_005

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-005",
	"title": "API Gateway stage without access logging",
	"severity": "medium",
	"description": "Without an access log the requests an API served cannot be reconstructed after an incident.",
	"remediation": "Set `AccessLogSetting: {DestinationArn: …, Format: …}` on the stage.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::ApiGateway::Stage"}

deny contains {"msg": sprintf("%s does not set AccessLogSetting", [cfn.name(r)]), "line": cfn.path_line(r, ["AccessLogSetting"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["AccessLogSetting"])
	v != null
	v != ""
	v != []
	v != {}
}
