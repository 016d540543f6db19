package shiftgate.rules.dockerfile.DKR_013

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-013",
	"title": "apt-get install pulls recommended packages",
	"severity": "info",
	"description": "Without --no-install-recommends apt installs extra packages the image does not need: a larger attack surface.",
	"remediation": "Use `apt-get install -y --no-install-recommends`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#apt-get",
	],
	"cwe": [
		"CWE-1104",
	],
}

deny contains {"msg": "apt-get install without --no-install-recommends", "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, {"apt-get"}, {"install"})
	not docker.has_flag(w, {"--no-install-recommends"})
}
