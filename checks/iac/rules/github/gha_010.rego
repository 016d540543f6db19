package shiftgate.rules.github.GHA_010

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-010",
	"title": "Checkout keeps credentials",
	"severity": "low",
	"description": "actions/checkout leaves the GITHUB_TOKEN in .git/config for every later step (and any artifact of the workspace) unless persist-credentials is false.",
	"remediation": "Add `with: {persist-credentials: false}` unless a later step pushes with git.",
	"references": [
		"https://github.com/actions/checkout#usage",
	],
	"cwe": [
		"CWE-522",
	],
}

deny contains {"msg": sprintf("checkout in job %q leaves the token in .git/config (persist-credentials is not false)", [id]), "line": lib.line_of(s, "uses")} if {
	not gha.privileged
	some [id, s] in gha.steps
	gha.is_checkout(s)
	not lib.false_at(s, ["with", "persist-credentials"])
}
