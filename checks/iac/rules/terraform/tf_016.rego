package shiftgate.rules.terraform.TF_016

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-016",
	"title": "VPC flow logs disabled",
	"severity": "medium",
	"description": "Without flow logs there is no record of the traffic in the VPC for incident response.",
	"remediation": "Add an `aws_flow_log` for the VPC.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/flow_log",
		"CIS AWS Foundations Benchmark 3.9",
	],
	"cwe": [
		"CWE-778",
	],
}

logged(v) if {
	some f in input.by_type.aws_flow_log
	f.type == "aws_flow_log"
	tf.refers(f.config.vpc_id, v)
}

deny contains {"msg": sprintf("%s has no flow log", [tf.rname(v)]), "line": v.line, "path": v.path} if {
	some v in input.by_type.aws_vpc
	v.type == "aws_vpc"
	not logged(v)
}
