package shiftgate.rules.github.GHA_001

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-001",
	"title": "Privileged workflow checks out untrusted code",
	"severity": "critical",
	"description": "A pull_request_target or workflow_run workflow runs with secrets and a write token; checking out the pull request head runs the contributor's code with them (\"pwn request\").",
	"remediation": "Check out the base ref only, or split the work: build untrusted code in a pull_request workflow and handle results in a separate privileged one.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
		"https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
	],
	"cwe": [
		"CWE-829",
	],
}

head_ref(v) if regex.match(`github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch)|refs/pull/|github\.event\.number|github\.event\.pull_request\.number`, v)

deny contains {"msg": sprintf("job %q checks out untrusted pull request code (%s) in a %s workflow", [id, s["with"].ref, concat("/", [t | some t in gha.triggers; t in {"pull_request_target", "workflow_run"}])]), "line": lib.line_of(s["with"], "ref")} if {
	gha.privileged
	some [id, s] in gha.steps
	gha.is_checkout(s)
	is_string(s["with"].ref)
	head_ref(s["with"].ref)
}
