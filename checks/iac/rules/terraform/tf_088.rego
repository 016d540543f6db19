package shiftgate.rules.terraform.TF_088

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-088",
	"title": "EKS node group SSH open to every address",
	"severity": "medium",
	"description": "A node group with an SSH key and no source security groups accepts SSH on port 22 from anywhere.",
	"remediation": "Set `remote_access { source_security_group_ids = [...] }`, or drop remote access.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s accepts SSH from every address", [tf.rname(r)]), "line": lib.line_of(ra, "ec2_ssh_key"), "path": r.path} if {
	some r in input.by_type.aws_eks_node_group
	r.type == "aws_eks_node_group"
	ra := tf.first(r.config.remote_access)
	ra.ec2_ssh_key
	count(object.get(ra, "source_security_group_ids", [])) == 0
}
