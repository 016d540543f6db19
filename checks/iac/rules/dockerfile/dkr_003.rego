package shiftgate.rules.dockerfile.DKR_003

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-003",
	"title": "No USER in the final stage",
	"severity": "high",
	"description": "Without a USER instruction the container runs as root.",
	"remediation": "Add `USER <non-root user>` (for example `USER 65532:65532`) in the final stage.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#user",
		"CIS Docker Benchmark 4.1",
	],
	"cwe": [
		"CWE-250",
	],
}

final := docker.stages[docker.final_stage]

has_user if {
	some i in docker.instructions
	i.cmd == "user"
	i.stage == docker.final_stage
}

deny contains {"msg": sprintf("the final stage (FROM %s) sets no USER: the container runs as root", [final.image]), "line": final.line} if {
	count(docker.stages) > 0
	not has_user
	not final.scratch
	not contains(final.image, "nonroot")
}
