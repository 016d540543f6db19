package shiftgate.rules.dockerfile.DKR_028

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-028",
	"title": "Both wget and curl used",
	"severity": "info",
	"description": "Using both downloaders means shipping both; pick one.",
	"remediation": "Use one downloader throughout the Dockerfile.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/",
	],
	"cwe": [
		"CWE-1104",
	],
}

tool_used(t) if {
	some [_, w] in docker.commands
	w[0] == t
}

deny contains {"msg": "RUN uses curl while another RUN uses wget", "line": i.line} if {
	tool_used("wget")
	some [i, w] in docker.commands
	w[0] == "curl"
}
