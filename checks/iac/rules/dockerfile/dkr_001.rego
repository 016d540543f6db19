package shiftgate.rules.dockerfile.DKR_001

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-001",
	"title": "Base image uses the latest tag",
	"severity": "medium",
	"description": "FROM …:latest changes whenever the upstream image does: builds are not reproducible and a compromised tag is pulled silently.",
	"remediation": "Pin the base image to a version tag, better to a digest (`FROM image:tag@sha256:…`).",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#from",
		"CIS Docker Benchmark 4.2",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("base image %q of stage %d uses the latest tag", [s.image, s.index]), "line": s.line} if {
	some s in docker.stages
	docker.external(s)
	not docker.has_digest(s.image)
	docker.image_tag(s.image) == "latest"
}
