package shiftgate.rules.terraform.TF_066

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-066",
	"title": "Launch configuration with unencrypted volumes",
	"severity": "high",
	"description": "Instances started from this launch configuration get unencrypted EBS volumes.",
	"remediation": "Set `encrypted = true` in every `root_block_device` and `ebs_block_device`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_configuration",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s has an unencrypted %s", [tf.rname(r), k]), "line": lib.line_of(b, "encrypted"), "path": r.path} if {
	some r in input.by_type.aws_launch_configuration
	r.type == "aws_launch_configuration"
	some k in ["root_block_device", "ebs_block_device"]
	some b in tf.as_array(object.get(r.config, k, []))
	not lib.true_at(b, ["encrypted"])
	not b.snapshot_id
}
