package shiftgate.rules.terraform.TF_100

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-100",
	"title": "EC2 instance metadata allows IMDSv1",
	"severity": "high",
	"description": "Without http_tokens = required, the instance metadata service answers unauthenticated IMDSv1 requests, the path SSRF bugs use to steal the instance role's credentials.",
	"remediation": "Add `metadata_options { http_tokens = \"required\" }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance",
	],
	"cwe": [
		"CWE-918",
	],
}

deny contains {"msg": sprintf("%s accepts IMDSv1 requests", [tf.rname(r)]), "line": tf.pline(r, ["metadata_options", "http_tokens"]), "path": r.path} if {
	some t_ in {"aws_instance", "aws_launch_template"}
	some r in input.by_type[t_]
	not required(r)
	not disabled(r)
	not tf.ref_at(r, ["metadata_options", "http_tokens"])
}

required(r) if tf.at(r, ["metadata_options", "http_tokens"]) == "required"

disabled(r) if tf.at(r, ["metadata_options", "http_endpoint"]) == "disabled"
