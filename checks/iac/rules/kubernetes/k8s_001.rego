package shiftgate.rules.kubernetes.K8S_001

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-001",
	"title": "Privileged container",
	"severity": "critical",
	"description": "A privileged container has every capability and full access to the host's devices: escaping to the node is trivial.",
	"remediation": "Remove `securityContext.privileged: true` (or set it to `false`). Grant only the specific capability the workload needs.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
		"CIS Kubernetes Benchmark 5.2.2",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("%s runs privileged", [k8s.describe(c)]), "line": lib.line_of(c.securityContext, "privileged")} if {
	some c in k8s.containers
	lib.is_true(c.securityContext.privileged)
}
