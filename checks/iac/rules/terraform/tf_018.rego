package shiftgate.rules.terraform.TF_018

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-018",
	"title": "KMS key rotation disabled",
	"severity": "low",
	"description": "A customer-managed key that is never rotated keeps the same key material forever.",
	"remediation": "Set `enable_key_rotation = true` on symmetric keys.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key",
		"CIS AWS Foundations Benchmark 3.8",
	],
	"cwe": [
		"CWE-320",
	],
}

deny contains {"msg": sprintf("%s does not rotate its key material", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_kms_key
	r.type == "aws_kms_key"
	not r.config.enable_key_rotation == true
	object.get(r.config, "customer_master_key_spec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
}
