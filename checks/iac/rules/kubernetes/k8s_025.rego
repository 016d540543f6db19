package shiftgate.rules.kubernetes.K8S_025

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-025",
	"title": "Binding to cluster-admin",
	"severity": "high",
	"description": "Binding the cluster-admin role gives its subjects unrestricted control of the cluster.",
	"remediation": "Bind a role that grants only the verbs and resources the subject needs.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
		"CIS Kubernetes Benchmark 5.1.1",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s %q binds cluster-admin", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.resource.roleRef, "name")} if {
	k8s.is_binding
	k8s.resource.roleRef.name == "cluster-admin"
}
