package shiftgate.rules.terraform.TF_097

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-097",
	"title": "ECS task mounts EFS without transit encryption",
	"severity": "medium",
	"description": "Without transit encryption, the task's EFS traffic travels in clear text.",
	"remediation": "Set `transit_encryption = \"ENABLED\"` in `efs_volume_configuration`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s mounts volume %q without transit encryption", [tf.rname(r), object.get(v, "name", "")]), "line": lib.line_of(c, "transit_encryption"), "path": r.path} if {
	some r in input.by_type.aws_ecs_task_definition
	r.type == "aws_ecs_task_definition"
	some v in tf.as_array(object.get(r.config, "volume", []))
	some c in tf.as_array(v.efs_volume_configuration)
	not object.get(c, "transit_encryption", "DISABLED") == "ENABLED"
}
