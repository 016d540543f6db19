package shiftgate.rules.tekton.TKN_008

import data.shiftgate.lib
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-008",
	"title": "hostPath volume in a Task",
	"severity": "high",
	"description": "A hostPath volume gives the Task’s steps the node’s file system.",
	"remediation": "Use workspaces backed by a PVC, emptyDir, Secret or ConfigMap.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-volumes",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("volume %q of %s %q mounts host path %s", [v.name, tekton.kind, tekton.name, v.hostPath.path]), "line": lib.line_of(v.hostPath, "path")} if {
	some v in tekton.volumes
	v.hostPath
}
