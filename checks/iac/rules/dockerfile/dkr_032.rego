package shiftgate.rules.dockerfile.DKR_032

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-032",
	"title": "apt used in a build",
	"severity": "info",
	"description": "apt is the interactive front end; its command-line interface is not stable for scripts and it warns so. Builds should use apt-get.",
	"remediation": "Use `apt-get` (with `-y` and `--no-install-recommends`).",
	"references": ["https://manpages.debian.org/stable/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS"],
	"cwe": ["CWE-710"],
}

deny contains {"msg": sprintf("apt %s in a RUN: use apt-get", [w[1]]), "line": i.line} if {
	some [i, w] in docker.commands
	w[0] == "apt"
	count(w) > 1
}
