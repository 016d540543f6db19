package shiftgate.rules.dockerfile.DKR_012

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-012",
	"title": "apt-get install without -y",
	"severity": "low",
	"description": "Without -y (--yes, --assume-yes) apt-get waits for an answer and the build hangs or fails.",
	"remediation": "Use `apt-get install -y`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#apt-get",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": "apt-get install without -y", "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, {"apt-get"}, {"install"})
	not docker.has_flag(w, {"-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"})
	not count([x | some x in w; x == "--quiet"]) >= 2
}
