package shiftgate.rules.dockerfile.DKR_029

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-029",
	"title": "Base image not pinned by digest",
	"severity": "info",
	"description": "A tag can be moved to another image; only a digest names exactly what the build starts from.",
	"remediation": "Add the digest: `FROM image:tag@sha256:…` (and let a bot such as Dependabot update it).",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#from",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("base image %q is not pinned by digest", [s.image]), "line": s.line} if {
	some s in docker.stages
	docker.external(s)
	not docker.has_digest(s.image)
	docker.image_tag(s.image) != ""
	docker.image_tag(s.image) != "latest"
}
