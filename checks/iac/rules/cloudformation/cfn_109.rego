package shiftgate.rules.cloudformation.CFN_109

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-109",
	"title": "ECS container without a health check",
	"severity": "low",
	"description": "Without a HealthCheck, ECS keeps a hung or broken container in service.",
	"remediation": "Set HealthCheck (Command, Interval, Retries) on each essential container.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-taskdefinition-healthcheck.html"],
	"cwe": ["CWE-703"],
}

deny contains {"msg": sprintf("%s: container %v has no HealthCheck", [cfn.name(r), object.get(c, "Name", "")]), "line": c.__line__} if {
	some r in cfn.resources_of({"AWS::ECS::TaskDefinition"})
	some c in r.properties.ContainerDefinitions
	not c.HealthCheck
	not cfn.is_false(object.get(c, "Essential", true))
}
