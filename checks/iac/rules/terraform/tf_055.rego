package shiftgate.rules.terraform.TF_055

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-055",
	"title": "EKS public endpoint open to every address",
	"severity": "high",
	"description": "A public EKS API endpoint whose public_access_cidrs is 0.0.0.0/0 (the default) can be reached, and attacked, from anywhere.",
	"remediation": "Set `endpoint_public_access = false`, or list your networks in `public_access_cidrs`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

public(v) if not lib.is_false(object.get(v, "endpoint_public_access", true))

deny contains {"msg": sprintf("%s exposes its public endpoint to %s", [tf.rname(r), c]), "line": lib.line_of(v, "public_access_cidrs"), "path": r.path} if {
	some r in input.by_type.aws_eks_cluster
	r.type == "aws_eks_cluster"
	v := tf.first(r.config.vpc_config)
	public(v)
	some c in v.public_access_cidrs
	c in tf.world
}

deny contains {"msg": sprintf("%s exposes its public endpoint to every address", [tf.rname(r)]), "line": lib.line_of(v, "endpoint_public_access"), "path": r.path} if {
	some r in input.by_type.aws_eks_cluster
	r.type == "aws_eks_cluster"
	v := tf.first(r.config.vpc_config)
	public(v)
	not v.public_access_cidrs
}
