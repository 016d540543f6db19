package shiftgate.rules.dockerfile.DKR_019

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-019",
	"title": "CMD or ENTRYPOINT in shell form",
	"severity": "low",
	"description": "The shell form runs the program under /bin/sh -c: it does not receive signals and cannot shut down cleanly.",
	"remediation": "Use the exec (JSON array) form: `CMD [\"app\", \"--flag\"]`.",
	"references": [
		"https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": sprintf("%s uses the shell form", [upper(i.cmd)]), "line": i.line} if {
	some i in docker.instructions
	i.cmd in {"entrypoint", "cmd"}
	not i.json
}
