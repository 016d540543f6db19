package shiftgate.rules.dockerfile.DKR_030

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-030",
	"title": "Package install waits for confirmation",
	"severity": "low",
	"description": "yum, dnf, microdnf or zypper install without its non-interactive flag asks for confirmation, which a build cannot give: the build fails or hangs.",
	"remediation": "Use `yum install -y`, `dnf install -y`, `microdnf install -y` or `zypper --non-interactive install` (`-n`).",
	"references": ["https://docs.docker.com/build/building/best-practices/#run"],
	"cwe": ["CWE-710"],
}

yes := {"yum": {"-y", "--assumeyes"}, "dnf": {"-y", "--assumeyes"}, "microdnf": {"-y", "--assumeyes"}, "zypper": {"-n", "--non-interactive", "-y", "--no-confirm"}}

deny contains {"msg": sprintf("%s install without %s", [w[0], concat(" or ", sort(yes[w[0]]))]), "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, object.keys(yes), {"install", "in"})
	not docker.has_flag(w, yes[w[0]])
}
