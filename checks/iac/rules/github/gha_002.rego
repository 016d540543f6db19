package shiftgate.rules.github.GHA_002

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-002",
	"title": "Script injection in run",
	"severity": "high",
	"description": "An expression such as ${{ github.event.issue.title }} is pasted into the shell script before it runs: a crafted title executes commands with the job's token and secrets.",
	"remediation": "Pass the value through an environment variable (`env: TITLE: ${{ github.event.issue.title }}`) and use `\"$TITLE\"` in the script.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
	],
	"cwe": [
		"CWE-78",
	],
}

deny contains {"msg": sprintf("step in job %q expands untrusted %s inside run", [id, gha.first_untrusted(s.run)]), "line": lib.block_line(s, "run", gha.first_untrusted(s.run))} if {
	some [id, s] in gha.steps
	is_string(s.run)
	gha.untrusted(s.run)
}
