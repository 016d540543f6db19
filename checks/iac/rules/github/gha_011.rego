package shiftgate.rules.github.GHA_011

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-011",
	"title": "Unsecure workflow commands enabled",
	"severity": "high",
	"description": "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables set-env and add-path, which anything printed to the log can abuse.",
	"remediation": "Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and use $GITHUB_ENV / $GITHUB_PATH.",
	"references": [
		"https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
	],
	"cwe": [
		"CWE-78",
	],
}

envs contains e if e := gha.wf.env

envs contains e if {
	some [_, job] in gha.jobs
	e := job.env
}

envs contains e if {
	some [_, s] in gha.steps
	e := s.env
}

deny contains {"msg": "ACTIONS_ALLOW_UNSECURE_COMMANDS is enabled", "line": lib.line_of(e, "ACTIONS_ALLOW_UNSECURE_COMMANDS")} if {
	some e in envs
	lib.is_true(e.ACTIONS_ALLOW_UNSECURE_COMMANDS)
}
