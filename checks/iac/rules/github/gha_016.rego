package shiftgate.rules.github.GHA_016

import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-016",
	"title": "Workflow runs on pull_request_target",
	"severity": "info",
	"description": "pull_request_target runs in the base repository with secrets and a write token for pull requests from forks; it needs care.",
	"remediation": "Use pull_request unless the workflow needs to write to the pull request, and never check out or run its code.",
	"references": [
		"https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
	],
	"cwe": [
		"CWE-829",
	],
}

deny contains {"msg": "the workflow runs on pull_request_target", "line": gha.trigger_line("pull_request_target")} if {
	"pull_request_target" in gha.triggers
}
