package shiftgate.rules.kubernetes.K8S_030

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-030",
	"title": "Binding to the default service account",
	"severity": "medium",
	"description": "Permissions bound to the default service account go to every pod in the namespace that does not name another one.",
	"remediation": "Create a dedicated service account for the workload and bind the role to it.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
		"CIS Kubernetes Benchmark 5.1.5",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s %q binds the default service account", [k8s.kind, k8s.name]), "line": lib.line_of(s, "name")} if {
	k8s.is_binding
	some s in k8s.resource.subjects
	s.kind == "ServiceAccount"
	s.name == "default"
}
