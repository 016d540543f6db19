package shiftgate.rules.dockerfile.DKR_015

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-015",
	"title": "apk add keeps its cache",
	"severity": "low",
	"description": "apk add without --no-cache leaves the package index in the layer.",
	"remediation": "Use `apk add --no-cache`.",
	"references": [
		"https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache",
	],
	"cwe": [
		"CWE-1104",
	],
}

deny contains {"msg": "apk add without --no-cache", "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, {"apk"}, {"add"})
	not docker.has_flag(w, {"--no-cache"})
	not cache_mount(i)
}

cache_mount(i) if {
	some f in i.flags
	contains(f, "type=cache")
}
