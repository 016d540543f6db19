package shiftgate.rules.terraform.TF_081

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-081",
	"title": "Default security group open to the internet",
	"severity": "medium",
	"description": "CIS asks that the default security group of every VPC restrict all traffic, so resources launched without a group get no access by accident; a default group open to 0.0.0.0/0 exposes every such resource.",
	"remediation": "Declare `aws_default_security_group` without ingress or egress rules.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS AWS Foundations 1.5.0 5.4"],
}

deny contains {"msg": sprintf("%s allows %s traffic from or to %s", [tf.rname(r), k, c]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_default_security_group
	r.type == "aws_default_security_group"
	some k in ["ingress", "egress"]
	some b in tf.as_array(object.get(r.config, k, []))
	some c in array.concat(tf.as_array(object.get(b, "cidr_blocks", [])), tf.as_array(object.get(b, "ipv6_cidr_blocks", [])))
	c in tf.world
}
