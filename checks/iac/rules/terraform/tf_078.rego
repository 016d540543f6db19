package shiftgate.rules.terraform.TF_078

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-078",
	"title": "WorkSpaces volume not encrypted",
	"severity": "high",
	"description": "A WorkSpace without root and user volume encryption keeps its users' data in clear text.",
	"remediation": "Set `root_volume_encryption_enabled = true` and `user_volume_encryption_enabled = true` with `volume_encryption_key`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/workspaces_workspace",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s does not encrypt its root volume", [tf.rname(r)]), "line": tf.pline(r, ["root_volume_encryption_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_workspaces_workspace
	r.type in {"aws_workspaces_workspace"}
	tf.off(r, ["root_volume_encryption_enabled"])
}

deny contains {"msg": sprintf("%s does not encrypt its user volume", [tf.rname(r)]), "line": tf.pline(r, ["user_volume_encryption_enabled"]), "path": r.path} if {
	some r in input.by_type.aws_workspaces_workspace
	r.type in {"aws_workspaces_workspace"}
	tf.off(r, ["user_volume_encryption_enabled"])
}
