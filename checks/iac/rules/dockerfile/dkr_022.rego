package shiftgate.rules.dockerfile.DKR_022

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-022",
	"title": "EXPOSE port out of range",
	"severity": "info",
	"description": "TCP and UDP ports run from 0 to 65535; a larger number is a typo.",
	"remediation": "Fix the port number.",
	"references": [
		"https://docs.docker.com/reference/dockerfile/#expose",
	],
	"cwe": [
		"CWE-20",
	],
}

deny contains {"msg": sprintf("EXPOSE %s is out of the 0-65535 range", [p]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "expose"
	some p in i.args
	n := to_number(split(split(p, "/")[0], "-")[0])
	n > 65535
}
