package shiftgate.rules.cloudformation.CFN_043

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-043",
	"title": "Lambda function without X-Ray tracing",
	"severity": "low",
	"description": "Without active tracing, an invocation cannot be followed through the services it calls.",
	"remediation": "Set `TracingConfig: {Mode: Active}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::Lambda::Function"}

allowed := {"Active"}

deny contains {"msg": sprintf("%s: TracingConfig.Mode is %s, not one of %v", [cfn.name(r), shown(v), allowed]), "line": cfn.path_line(r, ["TracingConfig", "Mode"])} if {
	some r in cfn.resources_of(types)
	v := cfn.get(r, ["TracingConfig", "Mode"])
	not cfn.unknown(v)
	not v in allowed
}

shown(v) := "not set" if v == null

shown(v) := sprintf("%v", [v]) if v != null
