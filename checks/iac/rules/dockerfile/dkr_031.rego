package shiftgate.rules.dockerfile.DKR_031

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-031",
	"title": "yum cache not cleaned",
	"severity": "low",
	"description": "yum install without `yum clean all` in the same RUN leaves the package cache in the layer: a bigger image with stale metadata.",
	"remediation": "End the RUN with `&& yum clean all` (or `dnf clean all`), in the same instruction as the install.",
	"references": ["https://docs.docker.com/build/building/best-practices/#run"],
	"cwe": ["CWE-1104"],
}

deny contains {"msg": sprintf("%s install without %s clean all in the same RUN", [w[0], w[0]]), "line": i.line} if {
	some [i, w] in docker.commands
	docker.uses(w, {"yum", "dnf"}, {"install"})
	not cleans(i, w[0])
	not cache_mount(i)
}

cleans(i, mgr) if {
	some [j, x] in docker.commands
	j == i
	x[0] == mgr
	"clean" in x
	"all" in x
}

# A cache mount keeps the cache out of the layer.
cache_mount(i) if {
	some f in i.flags
	contains(f, "type=cache")
}
