package shiftgate.rules.github.GHA_015

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-015",
	"title": "Composite action input expanded in a script",
	"severity": "medium",
	"description": "A composite action that pastes ${{ inputs.x }} into run: executes whatever the caller passes, which may come from a pull request title.",
	"remediation": "Map inputs to environment variables (`env: X: ${{ inputs.x }}`) and use `\"$X\"` in the script.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
	],
	"cwe": [
		"CWE-78",
	],
}

deny contains {"msg": sprintf("composite step expands %s inside run", [m]), "line": lib.block_line(s, "run", m)} if {
	input.kind == "action"
	some [_, s] in gha.steps
	is_string(s.run)
	m := regex.find_n(`\$\{\{\s*inputs\.[A-Za-z0-9_-]+\s*\}\}`, s.run, 1)[0]
}
