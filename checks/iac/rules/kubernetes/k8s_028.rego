package shiftgate.rules.kubernetes.K8S_028

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-028",
	"title": "Role can create pods",
	"severity": "medium",
	"description": "Creating pods lets a subject run any image with any service account in the namespace: a privilege escalation path.",
	"remediation": "Remove the create verb on pods, or bind it only to trusted controllers.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
		"CIS Kubernetes Benchmark 5.1.4",
	],
	"cwe": [
		"CWE-269",
	],
}

core_group(r) if not r.apiGroups

core_group(r) if {
	some g in r.apiGroups
	g in {"", "*"}
}

deny contains {"msg": sprintf("%s %q can create pods", [k8s.kind, k8s.name]), "line": lib.line_of(r, "verbs")} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	core_group(r)
	some res in r.resources
	glob.match(res, [], "pods")
	some v in r.verbs
	glob.match(v, [], "create")
}
