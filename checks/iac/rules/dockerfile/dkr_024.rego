package shiftgate.rules.dockerfile.DKR_024

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-024",
	"title": "COPY --from an unnamed stage",
	"severity": "info",
	"description": "COPY --from=0 breaks as soon as a stage is added or moved.",
	"remediation": "Name the stage (`FROM … AS build`) and use `COPY --from=build`.",
	"references": [
		"https://docs.docker.com/build/building/multi-stage/#name-your-build-stages",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": sprintf("COPY %s refers to a stage by number", [f]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "copy"
	some f in i.flags
	regex.match(`^--from=[0-9]+$`, f)
}
