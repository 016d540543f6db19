package shiftgate.rules.github.GHA_013

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-013",
	"title": "Workflow grants write permissions to every job",
	"severity": "medium",
	"description": "Write permissions at the top of a workflow apply to every job, including those that only build or test.",
	"remediation": "Set `permissions: {contents: read}` at the top and grant write scopes only in the jobs that need them.",
	"references": [
		"https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
	],
	"cwe": [
		"CWE-250",
	],
}

# Pull requests from forks get a read-only token whatever the workflow says.
fork_only if {
	count(gha.triggers) > 0
	every t in gha.triggers { t == "pull_request" }
}

deny contains {"msg": sprintf("the workflow grants %s: write to every job", [scope]), "line": lib.line_of(gha.wf.permissions, scope)} if {
	is_object(gha.wf.permissions)
	not fork_only
	some scope, level in gha.wf.permissions
	level == "write"
	not scope in {"id-token"}
}
