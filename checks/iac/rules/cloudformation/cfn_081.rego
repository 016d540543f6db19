package shiftgate.rules.cloudformation.CFN_081

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-081",
	"title": "API Gateway stage without execution logging",
	"severity": "low",
	"description": "With execution logging off (no MethodSettings / DefaultRouteSettings LoggingLevel of INFO or ERROR), errors and authorizer decisions of the stage leave no trace in CloudWatch.",
	"remediation": "Set `LoggingLevel: ERROR` (or INFO) in MethodSettings for `/*`/`*` (REST) or DefaultRouteSettings (HTTP/WebSocket).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-stage-methodsetting.html"],
	"cwe": ["CWE-778"],
}

deny contains {"msg": sprintf("%s has no MethodSettings turning on execution logging", [cfn.name(r)]), "line": cfn.line(r, "MethodSettings")} if {
	some r in cfn.resources_of({"AWS::ApiGateway::Stage"})
	settings := cfn.as_array(object.get(r.properties, "MethodSettings", []))
	not logging(settings)
	not off_line(settings)
}

deny contains {"msg": sprintf("%s sets execution logging to %v", [cfn.name(r), s.LoggingLevel]), "line": off_line(settings)} if {
	some r in cfn.resources_of({"AWS::ApiGateway::Stage"})
	settings := cfn.as_array(object.get(r.properties, "MethodSettings", []))
	not logging(settings)
	some s in settings
	s.__lines__.LoggingLevel == off_line(settings)
}

deny contains {"msg": sprintf("%s has no default route LoggingLevel of INFO or ERROR", [cfn.name(r)]), "line": cfn.path_line(r, ["DefaultRouteSettings", "LoggingLevel"])} if {
	some r in cfn.resources_of({"AWS::ApiGatewayV2::Stage"})
	level := cfn.get(r, ["DefaultRouteSettings", "LoggingLevel"])
	not cfn.unknown(level)
	not level_on(level)
}

# level_on: a LoggingLevel other than OFF (CloudFormation rejects values it does not know).
level_on(level) if {
	is_string(level)
	upper(level) != "OFF"
}

logging(settings) if {
	some s in settings
	level_on(cfn.value(s.LoggingLevel))
}

logging(settings) if {
	some s in settings
	cfn.unknown(s.LoggingLevel)
}

# off_line is the line of the first LoggingLevel the stage writes (one that is off).
off_line(settings) := min({l | some s in settings; l := s.__lines__.LoggingLevel})
