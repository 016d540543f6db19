package shiftgate.rules.github.GHA_005

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-005",
	"title": "Permissions set to write-all",
	"severity": "high",
	"description": "permissions: write-all gives the GITHUB_TOKEN write access to everything: contents, packages, actions, pull requests.",
	"remediation": "Declare only what the workflow needs, e.g. `permissions: {contents: read}`.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets",
		"https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": "the workflow grants permissions: write-all", "line": lib.line_of(gha.wf, "permissions")} if {
	gha.wf.permissions == "write-all"
}

deny contains {"msg": sprintf("job %q grants permissions: write-all", [id]), "line": lib.line_of(job, "permissions")} if {
	some [id, job] in gha.jobs
	job.permissions == "write-all"
}
