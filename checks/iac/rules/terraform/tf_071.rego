package shiftgate.rules.terraform.TF_071

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-071",
	"title": "Neptune cluster does not export audit logs",
	"severity": "medium",
	"description": "Without exporting audit logs to CloudWatch there is no record of the queries run against the cluster.",
	"remediation": "Set `enable_cloudwatch_logs_exports = [\"audit\"]`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/neptune_cluster",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s does not export audit logs", [tf.rname(r)]), "line": tf.pline(r, ["enable_cloudwatch_logs_exports"]), "path": r.path} if {
	some r in input.by_type.aws_neptune_cluster
	r.type == "aws_neptune_cluster"
	not "audit" in object.get(r.config, "enable_cloudwatch_logs_exports", [])
}
