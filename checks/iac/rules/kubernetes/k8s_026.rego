package shiftgate.rules.kubernetes.K8S_026

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-026",
	"title": "Wildcard in RBAC rule",
	"severity": "high",
	"description": "A \"*\" in verbs, resources or apiGroups grants everything, including resources added later.",
	"remediation": "List the verbs, resources and API groups explicitly.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
		"CIS Kubernetes Benchmark 5.1.3",
	],
	"cwe": [
		"CWE-269",
	],
}

# One finding per RBAC rule (its root cause), at its first wildcard field, naming
# every field that holds "*".
deny contains {"msg": sprintf("%s %q grants \"*\" in %s", [k8s.kind, k8s.name, concat(", ", fields)]), "line": lib.line_of(r, fields[0])} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	fields := [field | some field in ["apiGroups", "resources", "verbs"]; "*" in r[field]]
	count(fields) > 0
}
