package shiftgate.rules.github.GHA_006

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-006",
	"title": "No permissions declared",
	"severity": "medium",
	"description": "Without a permissions block the GITHUB_TOKEN gets the repository's default, which is read-write on many repositories.",
	"remediation": "Add `permissions: {contents: read}` at the top of the workflow and grant more per job only where needed.",
	"references": [
		"https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("job %q runs with the default token permissions (no permissions block in the job or the workflow)", [id]), "line": lib.line_of(gha.wf.jobs, id)} if {
	gha.is_workflow
	not lib.has(gha.wf, "permissions")
	some [id, job] in gha.jobs
	not lib.has(job, "permissions")
	not job.uses
}
