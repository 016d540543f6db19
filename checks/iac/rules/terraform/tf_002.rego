package shiftgate.rules.terraform.TF_002

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-002",
	"title": "S3 bucket policy allows public access",
	"severity": "critical",
	"description": "A bucket policy statement that allows the \"*\" principal without conditions makes the bucket public.",
	"remediation": "Name the principals that need access, or add a condition (aws:SourceVpce, aws:PrincipalOrgID).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy",
		"CIS AWS Foundations Benchmark 2.1.5",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s allows any principal (%s)", [tf.rname(r), concat(",", [a | some a in tf.as_array(object.get(s, "Action", []))])]), "line": tf.line(r, "policy"), "path": r.path} if {
	some t_ in {"aws_s3_bucket_policy", "aws_s3_bucket"}
	some r in input.by_type[t_]
	r.type in {"aws_s3_bucket_policy", "aws_s3_bucket"}
	some s in tf.statements(r.config.policy)
	s.Effect == "Allow"
	tf.public_principal(s.Principal)
	not s.Condition
}
