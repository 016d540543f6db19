package shiftgate.rules.kubernetes.K8S_027

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-027",
	"title": "Role can read secrets",
	"severity": "medium",
	"description": "get, list or watch on secrets reveals every credential in scope.",
	"remediation": "Grant access to the specific secrets needed with `resourceNames`, or none.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
		"CIS Kubernetes Benchmark 5.1.2",
	],
	"cwe": [
		"CWE-200",
	],
}

deny contains {"msg": sprintf("%s %q can read secrets", [k8s.kind, k8s.name]), "line": lib.line_of(r, "verbs")} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	"secrets" in r.resources
	some v in r.verbs
	v in {"get", "list", "watch", "*"}
	not r.resourceNames
}
