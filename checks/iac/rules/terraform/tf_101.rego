package shiftgate.rules.terraform.TF_101

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-101",
	"title": "CloudTrail trail covers one region only",
	"severity": "medium",
	"description": "A single-region trail misses API activity in every other region, where attackers like to start resources.",
	"remediation": "Set `is_multi_region_trail = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS AWS Foundations 1.5.0 3.1"],
}

deny contains {"msg": sprintf("%s records one region only", [tf.rname(r)]), "line": tf.pline(r, ["is_multi_region_trail"]), "path": r.path} if {
	some t_ in {"aws_cloudtrail"}
	some r in input.by_type[t_]
	r.type in {"aws_cloudtrail"}
	tf.off(r, ["is_multi_region_trail"])
}
