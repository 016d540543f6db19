package shiftgate.rules.dockerfile.DKR_010

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-010",
	"title": "SSH port exposed",
	"severity": "medium",
	"description": "EXPOSE 22 suggests an SSH daemon inside the container: another service to patch and attack.",
	"remediation": "Remove the SSH server and EXPOSE 22; use `docker exec` or `kubectl exec` for access.",
	"references": [
		"CIS Docker Benchmark 5.7",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": "EXPOSE 22 opens the SSH port", "line": i.line} if {
	some i in docker.instructions
	i.cmd == "expose"
	some p in i.args
	split(p, "/")[0] == "22"
}
