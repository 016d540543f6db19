package shiftgate.rules.terraform.TF_021

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-021",
	"title": "ECR image tags are mutable",
	"severity": "medium",
	"description": "With mutable tags a pushed image can be replaced under the same tag.",
	"remediation": "Set `image_tag_mutability = \"IMMUTABLE\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s allows tags to be overwritten", [tf.rname(r)]), "line": tf.line(r, "image_tag_mutability"), "path": r.path} if {
	some r in input.by_type.aws_ecr_repository
	r.type == "aws_ecr_repository"
	not r.config.image_tag_mutability == "IMMUTABLE"
}
