package shiftgate.rules.github.GHA_003

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-003",
	"title": "Script injection in github-script",
	"severity": "high",
	"description": "An untrusted expression inside actions/github-script's script is pasted into JavaScript before it runs.",
	"remediation": "Pass the value through `env:` and read `process.env.NAME` in the script.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
	],
	"cwe": [
		"CWE-94",
	],
}

deny contains {"msg": sprintf("github-script in job %q expands untrusted %s", [id, gha.first_untrusted(s["with"].script)]), "line": lib.line_of(s["with"], "script")} if {
	some [id, s] in gha.steps
	startswith(object.get(s, "uses", ""), "actions/github-script@")
	is_string(s["with"].script)
	gha.untrusted(s["with"].script)
}
