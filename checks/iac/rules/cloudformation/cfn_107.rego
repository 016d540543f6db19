package shiftgate.rules.cloudformation.CFN_107

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-107",
	"title": "Amazon MQ broker logging disabled",
	"severity": "medium",
	"description": "Without general and audit logs sent to CloudWatch, broker activity and management actions cannot be reviewed.",
	"remediation": "Set Logs: {General: true, Audit: true} (Audit is ActiveMQ only).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-amazonmq-broker.html"],
	"cwe": ["CWE-778"],
}

deny contains {"msg": sprintf("%s has no Logs", [cfn.name(r)]), "line": r.properties_line} if {
	some r in cfn.resources_of({"AWS::AmazonMQ::Broker"})
	not r.properties.Logs
}

deny contains {"msg": sprintf("%s does not send %s logs", [cfn.name(r), k]), "line": object.get(r.properties.Logs.__lines__, k, cfn.line(r, "Logs"))} if {
	some r in cfn.resources_of({"AWS::AmazonMQ::Broker"})
	logs := r.properties.Logs
	some k in kinds(r)
	not cfn.is_true(object.get(logs, k, false))
	not cfn.unknown(object.get(logs, k, false))
}

# RabbitMQ brokers have no audit log.
kinds(r) := ["General"] if lower(cfn.prop(r, "EngineType")) == "rabbitmq"

kinds(r) := ["General", "Audit"] if not lower(cfn.prop(r, "EngineType")) == "rabbitmq"
