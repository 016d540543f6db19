package shiftgate.rules.github.GHA_007

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-007",
	"title": "Reusable workflow inherits all secrets",
	"severity": "high",
	"description": "secrets: inherit passes every secret of the caller to the called workflow, even ones it does not use.",
	"remediation": "Pass only the secrets the workflow needs under `secrets:`.",
	"references": [
		"https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-secrets-to-nested-workflows",
	],
	"cwe": [
		"CWE-200",
	],
}

deny contains {"msg": sprintf("job %q passes every secret to %s", [id, job.uses]), "line": lib.line_of(job, "secrets")} if {
	some [id, job] in gha.jobs
	job.secrets == "inherit"
	is_string(job.uses)
	not startswith(job.uses, "./")
}
