package shiftgate.rules.dockerfile.DKR_020

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-020",
	"title": "cd in RUN instead of WORKDIR",
	"severity": "info",
	"description": "cd inside RUN only lasts for that command; WORKDIR is clearer and applies to what follows.",
	"remediation": "Use `WORKDIR /path`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#workdir",
	],
	"cwe": [
		"CWE-710",
	],
}

relative(p) if not regex.match(`^(/|\$|~)`, p)

relative(p) if contains(p, "..")

deny contains {"msg": "RUN changes directory with cd: use WORKDIR", "line": i.line} if {
	some [i, w] in docker.commands
	w[0] == "cd"
	count(w) > 1
	relative(w[1])
}
