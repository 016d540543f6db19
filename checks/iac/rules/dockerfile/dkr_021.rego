package shiftgate.rules.dockerfile.DKR_021

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-021",
	"title": "WORKDIR is a relative path",
	"severity": "low",
	"description": "A relative WORKDIR depends on every WORKDIR before it; an absolute one says where it is.",
	"remediation": "Use an absolute path in WORKDIR.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#workdir",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": sprintf("WORKDIR %s is relative", [i.value]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "workdir"
	not regex.match(`^(/|\$|[A-Za-z]:[\\/]|\\)`, i.value)
}
