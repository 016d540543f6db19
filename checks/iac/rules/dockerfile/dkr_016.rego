package shiftgate.rules.dockerfile.DKR_016

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-016",
	"title": "Package index updated in a separate RUN",
	"severity": "low",
	"description": "An install in a RUN that does not refresh the package index reuses a cached, possibly stale, update layer.",
	"remediation": "Update and install in the same RUN: `apt-get update && apt-get install -y …`.",
	"references": [
		"https://docs.docker.com/build/building/best-practices/#apt-get",
	],
	"cwe": [
		"CWE-1104",
	],
}

installs := {"apk": {"add"}, "apt-get": {"install"}, "apt": {"install"}, "yum": {"install"}, "dnf": {"install"}, "zypper": {"install", "in"}, "microdnf": {"install"}}

updates := {"apk": {"update"}, "apt-get": {"update"}, "apt": {"update"}, "yum": {"update", "makecache"}, "dnf": {"update", "makecache"}, "zypper": {"refresh", "ref"}, "microdnf": {"update"}}

updated_alone(mgr, stage) if {
	some [j, w] in docker.commands
	j.stage == stage
	w[0] == mgr
	some v in updates[mgr]
	v in w
	not installs_in(j, mgr)
}

installs_in(i, mgr) if {
	some [j, w] in docker.commands
	j.line == i.line
	docker.uses(w, {mgr}, installs[mgr])
}

updates_in(i, mgr) if {
	some [j, w] in docker.commands
	j.line == i.line
	w[0] == mgr
	some v in updates[mgr]
	v in w
}

deny contains {"msg": sprintf("%s installs without refreshing the index in the same RUN (it was updated alone earlier)", [w[0]]), "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, {w[0]}, object.get(installs, w[0], set()))
	not updates_in(i, w[0])
	not docker.has_flag(w, {"--update", "-U"})
	updated_alone(w[0], i.stage)
}
