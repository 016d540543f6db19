package shiftgate.rules.github.GHA_017

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-017",
	"title": "Container image not pinned by digest",
	"severity": "low",
	"description": "A docker:// action or job container referenced by tag can change under you.",
	"remediation": "Reference the image by digest (`image@sha256:…`).",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s is not pinned by digest", [s.uses]), "line": lib.line_of(s, "uses")} if {
	some [_, s] in gha.steps
	is_string(s.uses)
	startswith(s.uses, "docker://")
	not contains(s.uses, "@sha256:")
}
