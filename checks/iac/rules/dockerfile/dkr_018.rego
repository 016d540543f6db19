package shiftgate.rules.dockerfile.DKR_018

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-018",
	"title": "Several ENTRYPOINT or CMD instructions",
	"severity": "low",
	"description": "Only the last ENTRYPOINT (or CMD) of a stage takes effect; the others mislead readers.",
	"remediation": "Keep one ENTRYPOINT and one CMD per stage.",
	"references": [
		"https://docs.docker.com/reference/dockerfile/#entrypoint",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": sprintf("%s is overridden by a later %s in the same stage", [upper(i.cmd), upper(i.cmd)]), "line": i.line} if {
	some i in docker.instructions
	i.cmd in {"entrypoint", "cmd"}
	i.stage == docker.final_stage
	some j in docker.instructions
	j.cmd == i.cmd
	j.stage == i.stage
	j.line > i.line
}
