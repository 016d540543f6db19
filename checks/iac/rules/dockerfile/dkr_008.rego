package shiftgate.rules.dockerfile.DKR_008

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-008",
	"title": "sudo in RUN",
	"severity": "medium",
	"description": "sudo in a Dockerfile means the image ships sudo and usually a user that may use it: a privilege escalation path.",
	"remediation": "Run the step as root with `USER root` before it and switch back, or use gosu in entrypoints.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#user",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": "RUN uses sudo", "line": i.line} if {
	some i in docker.runs
	some seg in docker.segments(i)
	regex.match(`^sudo(\s|$)`, seg)
}
