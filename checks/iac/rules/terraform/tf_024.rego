package shiftgate.rules.terraform.TF_024

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-024",
	"title": "Elasticsearch domain does not enforce HTTPS",
	"severity": "medium",
	"description": "Clients can talk to the domain over plain HTTP.",
	"remediation": "Set `domain_endpoint_options { enforce_https = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s does not enforce HTTPS", [tf.rname(r)]), "line": lib.line_of(o, "enforce_https"), "path": r.path} if {
	some t_ in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some r in input.by_type[t_]
	r.type in {"aws_elasticsearch_domain", "aws_opensearch_domain"}
	some o in r.config.domain_endpoint_options
	o.enforce_https == false
}
