package shiftgate.rules.terraform.TF_023

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-023",
	"title": "EKS API endpoint is public",
	"severity": "medium",
	"description": "The cluster’s API server is reachable from the internet.",
	"remediation": "Set `endpoint_public_access = false` or restrict `public_access_cidrs`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s exposes its API endpoint publicly", [tf.rname(r)]), "line": lib.line_of(v, "endpoint_public_access"), "path": r.path} if {
	some r in input.by_type.aws_eks_cluster
	r.type == "aws_eks_cluster"
	some v in r.config.vpc_config
	v.endpoint_public_access == true
	not restricted(v)
}

restricted(v) if {
	count(v.public_access_cidrs) > 0
	every c in v.public_access_cidrs { not c in tf.world }
}
