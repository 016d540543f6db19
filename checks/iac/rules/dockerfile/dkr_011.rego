package shiftgate.rules.dockerfile.DKR_011

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-011",
	"title": "ADD used for local files",
	"severity": "low",
	"description": "ADD auto-extracts archives and fetches URLs; for plain local files COPY is explicit and predictable.",
	"remediation": "Use COPY for local files.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#add-or-copy",
		"CIS Docker Benchmark 4.9",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": sprintf("ADD copies local %s: use COPY", [src]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "add"
	count(i.args) >= 2
	src := i.args[0]
	not regex.match(`^(https?|ftp|git)://|^git@`, src)
	not regex.match(`\.(tar|tgz|tar\.gz|tar\.bz2|tbz2|tar\.xz|txz|tar\.zst)$`, src)
}
