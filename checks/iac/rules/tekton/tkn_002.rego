package shiftgate.rules.tekton.TKN_002

import data.shiftgate.lib
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-002",
	"title": "Privileged step",
	"severity": "critical",
	"description": "A privileged step container has full access to the node running the TaskRun.",
	"remediation": "Remove `securityContext.privileged: true`; build images with a rootless builder.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-steps",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("%s runs privileged", [tekton.describe(st)]), "line": lib.line_of(st.securityContext, "privileged")} if {
	some st in tekton.steps
	lib.is_true(st.securityContext.privileged)
}

deny contains {"msg": sprintf("the stepTemplate of %s %q runs every step privileged", [tekton.kind, tekton.name]), "line": lib.line_of(t.securityContext, "privileged")} if {
	some t in tekton.step_templates
	lib.is_true(t.securityContext.privileged)
}
