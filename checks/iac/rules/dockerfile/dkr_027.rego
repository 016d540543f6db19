package shiftgate.rules.dockerfile.DKR_027

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-027",
	"title": "Unpinned package versions",
	"severity": "info",
	"description": "Installing packages without versions makes the image change from one build to the next.",
	"remediation": "Pin versions: `apk add pkg=1.2.3`, `apt-get install pkg=1.2.3`, `yum install pkg-1.2.3`, `dnf install pkg-1.2.3`, `zypper install pkg=1.2.3`, `gem install pkg:1.2.3` (or `-v 1.2.3`).",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#apt-get",
	],
	"cwe": [
		"CWE-1357",
	],
}

pinned(p, "apk") if contains(p, "=")

pinned(p, "apt-get") if contains(p, "=")

pinned(p, "apt") if contains(p, "=")

pinned(p, mgr) if {
	mgr in {"yum", "dnf", "microdnf"}
	regex.match(`-[0-9]`, p)
}

pinned(p, _) if endswith(p, ".rpm")

pinned(p, _) if endswith(p, ".deb")

pinned(p, _) if contains(p, "$")

verbs := {
	"apk": {"add"}, "apt-get": {"install"}, "apt": {"install"}, "yum": {"install"}, "dnf": {"install", "in"},
	"microdnf": {"install"}, "zypper": {"install", "in"}, "gem": {"install"},
}

deny contains {"msg": sprintf("%s installs %s without a version", [w[0], p]), "line": i.line} if {
	some [i, w] in docker.commands
	some verb in verbs[w[0]]
	verb in w
	some p in docker.packages(w, verb)
	not pinned(p, w[0])
	not option_value(w, p)
	not gem_versioned(w)
}

pinned(p, "zypper") if regex.match(`[=<>]`, p)

pinned(p, "gem") if contains(p, ":")

# gem install -v 1.2 (or --version) pins what it installs.
gem_versioned(w) if {
	w[0] == "gem"
	some x in w
	x in {"-v", "--version"}
}

# option_value holds when p is the value of an option such as --repository or -t.
option_value(w, p) if {
	some idx, x in w
	x == p
	idx > 0
	w[idx - 1] in {"--repository", "-X", "-t", "--target-release", "--dir", "-p", "--root", "--installroot", "--enablerepo", "--disablerepo", "-o", "--virtual", "-v", "--version"}
}
