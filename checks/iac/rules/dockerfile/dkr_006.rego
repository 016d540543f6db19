package shiftgate.rules.dockerfile.DKR_006

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-006",
	"title": "Remote script piped to a shell",
	"severity": "high",
	"description": "curl … | sh runs whatever the server (or anyone between) sends, unverified, as the build user.",
	"remediation": "Download the script, verify its checksum or signature, then run it; or install from a package manager.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#run",
	],
	"cwe": [
		"CWE-494",
	],
}

deny contains {"msg": "RUN pipes a downloaded script into a shell", "line": i.line} if {
	some i in docker.runs
	regex.match(`(curl|wget)[^|;&]*\|\s*(sudo\s+)?(-E\s+)?(/usr)?(/bin/)?(ba|z|da|k)?sh\b`, docker.run_text(i))
}
