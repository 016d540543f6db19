package shiftgate.rules.terraform.TF_070

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-070",
	"title": "Amazon MQ broker without logging",
	"severity": "medium",
	"description": "Without general and audit logs there is no record of the broker's activity and configuration changes.",
	"remediation": "Add `logs { general = true audit = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/mq_broker",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s has no logging", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_mq_broker
	r.type == "aws_mq_broker"
	tf.unset(r, ["logs"])
}

deny contains {"msg": sprintf("%s disables %s logs", [tf.rname(r), k]), "line": tf.pline(r, ["logs", k]), "path": r.path} if {
	some r in input.by_type.aws_mq_broker
	r.type == "aws_mq_broker"
	some k in ["general", "audit"]
	tf.false_at(r, ["logs", k])
}
