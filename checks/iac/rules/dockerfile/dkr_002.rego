package shiftgate.rules.dockerfile.DKR_002

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-002",
	"title": "Base image has no tag",
	"severity": "medium",
	"description": "A base image without a tag or digest means latest: builds are not reproducible.",
	"remediation": "Name a version tag and, better, a digest: `FROM image:tag@sha256:…`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#from",
		"CIS Docker Benchmark 4.2",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("base image %q of stage %d has no tag or digest", [s.image, s.index]), "line": s.line} if {
	some s in docker.stages
	docker.external(s)
	not docker.has_digest(s.image)
	docker.image_tag(s.image) == ""
}
