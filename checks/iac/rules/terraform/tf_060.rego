package shiftgate.rules.terraform.TF_060

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-060",
	"title": "Search domain without log publishing",
	"severity": "low",
	"description": "Without log publishing, slow, error and audit logs of the domain are not kept.",
	"remediation": "Add `log_publishing_options { cloudwatch_log_group_arn = ..., log_type = \"AUDIT_LOGS\" }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s publishes no logs", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some r in input.by_type[t_]
	r.type in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	tf.unset(r, ["log_publishing_options"])
}

deny contains {"msg": sprintf("%s disables publishing of %s", [tf.rname(r), object.get(o, "log_type", "logs")]), "line": lib.line_of(o, "enabled"), "path": r.path} if {
	some t_ in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some r in input.by_type[t_]
	r.type in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some o in tf.as_array(r.config.log_publishing_options)
	lib.is_false(object.get(o, "enabled", true))
}
