package shiftgate.rules.kubernetes.K8S_040

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-040",
	"title": "NetworkPolicy allows all ingress",
	"severity": "medium",
	"description": "An ingress rule with no `from` (or an empty one) admits traffic from every pod and address.",
	"remediation": "List the pods, namespaces or address blocks allowed in each ingress rule.",
	"references": [
		"https://kubernetes.io/docs/concepts/services-networking/network-policies/",
	],
	"cwe": [
		"CWE-284",
	],
}

open_rule(r) if not r.from

open_rule(r) if count(r.from) == 0

deny contains {"msg": sprintf("NetworkPolicy %q allows ingress from anywhere", [k8s.name]), "line": line} if {
	k8s.kind == "NetworkPolicy"
	some r in k8s.resource.spec.ingress
	open_rule(r)
	line := object.get(r, "__line__", lib.line_of(k8s.resource.spec, "ingress"))
}
