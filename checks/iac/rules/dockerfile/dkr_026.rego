package shiftgate.rules.dockerfile.DKR_026

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-026",
	"title": "Default shell changed in a RUN",
	"severity": "low",
	"description": "Replacing /bin/sh with a symlink in a RUN changes how every later RUN behaves, invisibly.",
	"remediation": "Use the SHELL instruction.",
	"references": [
		"https://docs.docker.com/reference/dockerfile/#shell",
	],
	"cwe": [
		"CWE-710",
	],
}

deny contains {"msg": "RUN changes the default shell: use the SHELL instruction", "line": i.line} if {
	some [i, w] in docker.commands
	w[0] in {"ln"}
	some t in w
	t in {"/bin/sh", "/usr/bin/sh"}
}

deny contains {"msg": "RUN changes the default shell: use the SHELL instruction", "line": i.line} if {
	some [i, w] in docker.commands
	w[0] in {"chsh", "usermod"}
	some t in w
	t in {"-s", "--shell"}
}

deny contains {"msg": "RUN starts another shell (PowerShell): use the SHELL instruction", "line": i.line} if {
	some [i, w] in docker.commands
	lower(w[0]) in {"powershell", "pwsh", "powershell.exe"}
}
