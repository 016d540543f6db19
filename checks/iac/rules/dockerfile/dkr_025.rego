package shiftgate.rules.dockerfile.DKR_025

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-025",
	"title": "World-writable permissions",
	"severity": "medium",
	"description": "chmod 777 (or o+w) lets every user in the container modify the files: code can be replaced at run time.",
	"remediation": "Grant write access only to the owner (for example 755/644) and run as that owner.",
	"references": [
		"CIS Docker Benchmark 4.8",
	],
	"cwe": [
		"CWE-732",
	],
}

deny contains {"msg": "RUN makes files world-writable (chmod 777 / o+w)", "line": i.line} if {
	some [i, w] in docker.commands
	w[0] == "chmod"
	some m in w
	regex.match(`^(0?[0-7]?[0-7][0-7][2367]|[ugoa]*[+=][rwxXst]*w[rwxXst]*|o\+w|a\+w)$`, m)
	not startswith(m, "u")
	not startswith(m, "g")
}
