package shiftgate.rules.terraform.TF_046

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-046",
	"title": "CloudWatch log group keeps logs forever or not at all",
	"severity": "low",
	"description": "Without a retention period logs are kept (and paid for) forever; 0 also means never expire.",
	"remediation": "Set `retention_in_days` (for example 365).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group",
	],
	"cwe": [
		"CWE-779",
	],
}

deny contains {"msg": sprintf("%s has no retention period", [tf.rname(r)]), "line": tf.pline(r, ["retention_in_days"]), "path": r.path} if {
	some r in input.by_type.aws_cloudwatch_log_group
	r.type == "aws_cloudwatch_log_group"
	tf.unset(r, ["retention_in_days"])
}

deny contains {"msg": sprintf("%s has no retention period", [tf.rname(r)]), "line": tf.line(r, "retention_in_days"), "path": r.path} if {
	some r in input.by_type.aws_cloudwatch_log_group
	r.type == "aws_cloudwatch_log_group"
	r.config.retention_in_days == 0
}
