package shiftgate.rules.dockerfile.DKR_005

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-005",
	"title": "ADD from a URL",
	"severity": "medium",
	"description": "ADD <url> downloads without verifying what it got, and hides the download from the build cache.",
	"remediation": "Download with `curl -fsSLO` and verify a checksum in a RUN, or use `ADD --checksum=sha256:…`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#add-or-copy",
		"CIS Docker Benchmark 4.9",
	],
	"cwe": [
		"CWE-494",
	],
}

deny contains {"msg": sprintf("ADD downloads %s without verifying it", [src]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "add"
	some src in array.slice(i.args, 0, count(i.args) - 1)
	regex.match(`^(https?|ftp)://`, src)
	not checksum(i)
}

checksum(i) if {
	some f in i.flags
	startswith(f, "--checksum")
}
