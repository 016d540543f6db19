package shiftgate.rules.tekton.TKN_003

import data.shiftgate.lib
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-003",
	"title": "Step runs as root",
	"severity": "high",
	"description": "A step with runAsUser: 0 runs as root inside a pod that has the source and credentials mounted.",
	"remediation": "Set a non-zero `runAsUser` and `runAsNonRoot: true` in the step or the stepTemplate.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-steps",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("%s runs as root (runAsUser: 0)", [tekton.describe(st)]), "line": lib.line_of(st.securityContext, "runAsUser")} if {
	some st in tekton.steps
	st.securityContext.runAsUser == 0
}

deny contains {"msg": sprintf("the stepTemplate of %s %q runs steps as root", [tekton.kind, tekton.name]), "line": lib.line_of(t.securityContext, "runAsUser")} if {
	some t in tekton.step_templates
	t.securityContext.runAsUser == 0
}
