package shiftgate.rules.terraform.TF_053

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-053",
	"title": "ECR repository not encrypted with a customer key",
	"severity": "low",
	"description": "Images are encrypted with AES256 under an AWS-managed key unless a KMS key is set; a customer key lets the account control and audit access.",
	"remediation": "Add `encryption_configuration { encryption_type = \"KMS\" kms_key = ... }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s is not encrypted with KMS", [tf.rname(r)]), "line": tf.pline(r, ["encryption_configuration", "encryption_type"]), "path": r.path} if {
	some r in input.by_type.aws_ecr_repository
	r.type == "aws_ecr_repository"
	not kms(r)
	not tf.ref_at(r, ["encryption_configuration", "encryption_type"])
}

kms(r) if tf.at(r, ["encryption_configuration", "encryption_type"]) == "KMS"
