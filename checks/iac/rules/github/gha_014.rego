package shiftgate.rules.github.GHA_014

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-014",
	"title": "Compromised tj-actions/changed-files",
	"severity": "critical",
	"description": "tj-actions/changed-files tags were re-pointed to code that dumped CI secrets to the log (CVE-2025-30066).",
	"remediation": "Remove the action, or pin a reviewed commit SHA; rotate secrets exposed by runs since March 2025.",
	"references": [
		"https://github.com/advisories/GHSA-mrrh-fwg8-r2c3",
	],
	"cwe": [
		"CWE-506",
	],
}

deny contains {"msg": sprintf("%s is the compromised tj-actions/changed-files action, used by tag", [s.uses]), "line": lib.line_of(s, "uses")} if {
	some [_, s] in gha.steps
	is_string(s.uses)
	parts := gha.action_ref(s.uses)
	lower(parts[0]) == "tj-actions/changed-files"
	compromised(parts[1])
}

# compromised: the malicious commit, or a tag before the first release cut after the incident.
compromised(ref) if ref == "0e58ed8671d6b60d0890c21b07f8835ace038e67"

compromised(ref) if {
	not gha.is_sha(ref)
	nums := [to_number(n) | some n in regex.find_n(`[0-9]+`, ref, 3)]
	count(nums) > 0
	v := array.concat(nums, [0, 0, 0])
	older(v)
}

compromised(ref) if {
	not gha.is_sha(ref)
	count(regex.find_n(`[0-9]+`, ref, 1)) == 0
}

older(v) if v[0] < 45

older(v) if {
	v[0] == 45
	v[1] < 1
}
