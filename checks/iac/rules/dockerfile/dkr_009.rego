package shiftgate.rules.dockerfile.DKR_009

import data.shiftgate.lib
import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-009",
	"title": "apt lists not removed",
	"severity": "low",
	"description": "apt-get install without removing /var/lib/apt/lists in the same RUN leaves stale package indexes in the layer.",
	"remediation": "End the RUN with `&& rm -rf /var/lib/apt/lists/*`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#apt-get",
	],
	"cwe": [
		"CWE-1104",
	],
}

deny contains {"msg": "apt-get install without removing /var/lib/apt/lists in the same RUN", "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, {"apt-get", "apt"}, {"install"})
	not contains(docker.run_text(i), "/var/lib/apt/lists")
	not cache_mount(i)
}

cache_mount(i) if {
	some f in i.flags
	contains(f, "/var/lib/apt")
}
