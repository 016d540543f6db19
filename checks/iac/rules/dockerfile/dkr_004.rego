package shiftgate.rules.dockerfile.DKR_004

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-004",
	"title": "Final USER is root",
	"severity": "high",
	"description": "The last USER of the final stage is root, so the container runs as root.",
	"remediation": "End the final stage with `USER <non-root user>`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#user",
		"CIS Docker Benchmark 4.1",
	],
	"cwe": [
		"CWE-250",
	],
}

users := [i | some i in docker.instructions; i.cmd == "user"; i.stage == docker.final_stage]

deny contains {"msg": sprintf("the final USER is %s: the container runs as root", [u.value]), "line": u.line} if {
	count(users) > 0
	u := users[count(users) - 1]
	split(u.value, ":")[0] in {"root", "0"}
}
