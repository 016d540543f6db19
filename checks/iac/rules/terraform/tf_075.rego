package shiftgate.rules.terraform.TF_075

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-075",
	"title": "SageMaker endpoint configuration without a KMS key",
	"severity": "low",
	"description": "Without kms_key_arn the endpoint's ML storage volumes are not encrypted with a key the account controls.",
	"remediation": "Set `kms_key_arn`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sagemaker_endpoint_configuration",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with a customer-managed key", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_sagemaker_endpoint_configuration
	r.type in {"aws_sagemaker_endpoint_configuration"}
	tf.unset(r, ["kms_key_arn"])
}
