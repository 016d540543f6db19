package shiftgate.rules.github.GHA_009

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-009",
	"title": "Checkout keeps credentials in a privileged workflow",
	"severity": "high",
	"description": "actions/checkout writes the GITHUB_TOKEN into .git/config unless persist-credentials is false; in a pull_request_target or workflow_run workflow any later step can steal it.",
	"remediation": "Add `with: {persist-credentials: false}` to the checkout step.",
	"references": [
		"https://github.com/actions/checkout#usage",
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
	],
	"cwe": [
		"CWE-522",
	],
}

deny contains {"msg": sprintf("checkout in job %q keeps the token in .git/config in a privileged workflow", [id]), "line": lib.line_of(s, "uses")} if {
	gha.privileged
	some [id, s] in gha.steps
	gha.is_checkout(s)
	not lib.false_at(s, ["with", "persist-credentials"])
}
