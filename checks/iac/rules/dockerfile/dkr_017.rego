package shiftgate.rules.dockerfile.DKR_017

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-017",
	"title": "MAINTAINER is deprecated",
	"severity": "info",
	"description": "MAINTAINER is deprecated; LABEL carries the same information in a standard way.",
	"remediation": "Use `LABEL org.opencontainers.image.authors=\"…\"`.",
	"references": [
		"https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",
	],
	"cwe": [
		"CWE-477",
	],
}

deny contains {"msg": "MAINTAINER is deprecated: use LABEL", "line": i.line} if {
	some i in docker.instructions
	i.cmd == "maintainer"
}
