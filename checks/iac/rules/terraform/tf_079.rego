package shiftgate.rules.terraform.TF_079

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-079",
	"title": "Resource policy allows every action",
	"severity": "high",
	"description": "A resource policy statement that allows every action of the service (\"*\" or \"service:*\") gives its principals full control of the resource, including deleting it and rewriting its policy.",
	"remediation": "List the actions the principals need.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/efs_file_system_policy",
	],
	"cwe": [
		"CWE-732",
	],
}

policies := {
	"aws_efs_file_system_policy": "policy",
	"aws_elasticsearch_domain_policy": "access_policies",
	"aws_elasticsearch_domain": "access_policies",
	"aws_opensearch_domain_policy": "access_policies",
	"aws_opensearch_domain": "access_policies",
	"aws_glue_resource_policy": "policy",
	"aws_sqs_queue_policy": "policy",
	"aws_sqs_queue": "policy",
	"aws_sns_topic_policy": "policy",
	"aws_ses_identity_policy": "policy",
	"aws_ecr_repository_policy": "policy",
	"aws_secretsmanager_secret_policy": "policy",
	"aws_kms_key": "policy",
}

every_action(a) if a == "*"

every_action(a) if regex.match(`^[A-Za-z0-9-]+:\*$`, a)

deny contains {"msg": sprintf("%s allows %s", [tf.rname(r), a]), "line": tf.line(r, key), "path": r.path} if {
	some r in input.resources
	key := policies[r.type]
	some s in tf.statements(r.config[key])
	object.get(s, "Effect", "") == "Allow"
	some a in tf.as_array(s.Action)
	every_action(a)
}
