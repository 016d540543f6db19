package shiftgate.rules.dockerfile.DKR_014

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-014",
	"title": "pip install keeps its cache",
	"severity": "low",
	"description": "pip keeps downloaded wheels in the layer unless told not to.",
	"remediation": "Use `pip install --no-cache-dir` (or a BuildKit cache mount).",
	"references": [
		"https://docs.docker.com/build/building/best-practices/",
	],
	"cwe": [
		"CWE-1104",
	],
}

deny contains {"msg": "pip install without --no-cache-dir", "line": i.line} if {
	some [i, w] in docker.commands
	pip(w)
	not docker.has_flag(w, {"--no-cache-dir"})
	not env_no_cache
	not cache_mount(i)
}

pip(w) if docker.uses(w, {"pip", "pip3"}, {"install"})

pip(w) if {
	regex.match(`^python[0-9.]*$`, w[0])
	"-m" in w
	some p in w
	p in {"pip", "pip3"}
	"install" in w
}

env_no_cache if {
	some i in docker.instructions
	i.cmd == "env"
	"PIP_NO_CACHE_DIR" in i.args
}

cache_mount(i) if {
	some f in i.flags
	contains(f, "type=cache")
}
