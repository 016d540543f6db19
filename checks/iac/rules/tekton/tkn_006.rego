package shiftgate.rules.tekton.TKN_006

import data.shiftgate.lib
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-006",
	"title": "Step allows privilege escalation",
	"severity": "high",
	"description": "allowPrivilegeEscalation: true lets a step process gain privileges through setuid binaries.",
	"remediation": "Set `allowPrivilegeEscalation: false`.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-steps",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s allows privilege escalation", [tekton.describe(st)]), "line": lib.line_of(st.securityContext, "allowPrivilegeEscalation")} if {
	some st in tekton.steps
	lib.is_true(st.securityContext.allowPrivilegeEscalation)
}
