package shiftgate.rules.cloudformation.CFN_027

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-027",
	"title": "ECS task not in awsvpc network mode",
	"severity": "medium",
	"description": "Outside awsvpc mode, tasks share the host's network and security groups cannot be applied per task.",
	"remediation": "Set `NetworkMode: awsvpc`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html"],
	"cwe": ["CWE-653"],
}

types := {"AWS::ECS::TaskDefinition"}

allowed := {"awsvpc"}

deny contains {"msg": sprintf("%s: NetworkMode is %s, not one of %v", [cfn.name(r), shown(v), allowed]), "line": cfn.path_line(r, ["NetworkMode"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["NetworkMode"])
	not cfn.unknown(v)
	not v in allowed
}

shown(v) := "not set" if v == null

shown(v) := sprintf("%v", [v]) if v != null
