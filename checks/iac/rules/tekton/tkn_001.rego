package shiftgate.rules.tekton.TKN_001

import data.shiftgate.lib
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-001",
	"title": "Parameter substituted into a step script",
	"severity": "high",
	"description": "Tekton replaces $(params.x) in script text before the shell runs it: a parameter containing `\"; curl … | sh #` runs commands in the step.",
	"remediation": "Pass the parameter through an environment variable (`env: [{name: X, value: $(params.x)}]`) and use \"$X\" in the script.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#using-variable-substitution",
		"https://tekton.dev/docs/pipelines/variables/",
	],
	"cwe": [
		"CWE-78",
	],
}

deny contains {"msg": sprintf("%s substitutes %s into its script", [tekton.describe(st), m]), "line": lib.block_line(st, "script", m)} if {
	some st in tekton.steps
	is_string(st.script)
	m := regex.find_n(`\$\(\s*(params|inputs\.params)[.\[][^)]*\)`, st.script, 1)[0]
}
