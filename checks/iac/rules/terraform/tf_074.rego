package shiftgate.rules.terraform.TF_074

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-074",
	"title": "SageMaker notebook without a customer-managed key",
	"severity": "low",
	"description": "Without kms_key_id the notebook's storage volume is encrypted with an AWS-managed key the account cannot control.",
	"remediation": "Set `kms_key_id`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sagemaker_notebook_instance",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with a customer-managed key", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_sagemaker_notebook_instance
	r.type in {"aws_sagemaker_notebook_instance"}
	tf.unset(r, ["kms_key_id"])
}
