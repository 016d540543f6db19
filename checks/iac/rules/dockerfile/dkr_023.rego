package shiftgate.rules.dockerfile.DKR_023

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-023",
	"title": "Two stages share an alias",
	"severity": "low",
	"description": "Two FROM … AS name with the same name make COPY --from=name ambiguous.",
	"remediation": "Give each stage its own name.",
	"references": [
		"https://docs.docker.com/build/building/multi-stage/",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": sprintf("stage alias %q is used twice", [s.name]), "line": s.line} if {
	some s in docker.stages
	s.name != ""
	some t in docker.stages
	t.index > s.index
	lower(t.name) == lower(s.name)
}
