package shiftgate.rules.terraform.TF_102

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-102",
	"title": "CloudTrail logs not encrypted with a KMS key",
	"severity": "medium",
	"description": "Without kms_key_id, trail logs are encrypted only with S3-managed keys, so anyone who can read the bucket can read the account's API history.",
	"remediation": "Set `kms_key_id` to a customer-managed key.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
	],
	"cwe": [
		"CWE-311",
	],
	"cis": ["CIS AWS Foundations 1.5.0 3.7"],
}

deny contains {"msg": sprintf("%s does not encrypt its logs with KMS", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some t_ in {"aws_cloudtrail"}
	some r in input.by_type[t_]
	r.type in {"aws_cloudtrail"}
	tf.unset(r, ["kms_key_id"])
}
