package shiftgate.rules.tekton.TKN_007

import data.shiftgate.lib
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-007",
	"title": "Secret value in a step environment variable",
	"severity": "high",
	"description": "A literal password or token in a Task is stored in git and in the cluster unencrypted.",
	"remediation": "Reference a Secret with `valueFrom.secretKeyRef`, or mount it through a workspace.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-steps",
	],
	"cwe": [
		"CWE-798",
	],
	"redact": true,
}

deny contains {"msg": sprintf("%s sets secret-looking variable %s to a literal value", [tekton.describe(st), e.name]), "line": lib.line_of(e, "value")} if {
	some st in tekton.steps
	some e in st.env
	regex.match(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|access_?key|credential)`, e.name)
	is_string(e.value)
	count(e.value) >= 4
	not contains(e.value, "$(")
}
