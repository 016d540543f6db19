package shiftgate.rules.kubernetes.K8S_043

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-043",
	"title": "No security context",
	"severity": "low",
	"description": "A pod or container without any securityContext runs with every default, none of them hardened.",
	"remediation": "Add a securityContext: runAsNonRoot, allowPrivilegeEscalation: false, capabilities drop ALL, readOnlyRootFilesystem, seccompProfile.",
	"references": [
		"https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s has no securityContext", [k8s.describe(c)]), "line": c.__line__} if {
	some c in k8s.containers
	not c.securityContext
}

deny contains {"msg": sprintf("%s %q has no pod securityContext", [k8s.kind, k8s.name]), "line": k8s.spec_line} if {
	k8s.is_workload
	not k8s.pod_spec.securityContext
}
