package shiftgate.rules.dockerfile.DKR_033

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-033",
	"title": "Interactive or host utility run in a build",
	"severity": "info",
	"description": "Utilities such as top, ps, free, kill, shutdown, mount, vi or nano inspect or control a running system, or wait for a user: in a build step they do nothing useful and hide a mistake.",
	"remediation": "Remove the command, or move it to a debugging session against a running container.",
	"references": ["https://docs.docker.com/build/building/best-practices/#run"],
	"cwe": ["CWE-710"],
}

utilities := {"top", "htop", "ps", "free", "kill", "killall", "shutdown", "reboot", "mount", "umount", "vi", "vim", "nano", "ifconfig", "service"}

deny contains {"msg": sprintf("RUN %s does nothing useful in a build", [w[0]]), "line": i.line} if {
	some [i, w] in docker.commands
	w[0] in utilities
}
