package shiftgate.rules.kubernetes.K8S_002

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-002",
	"title": "Privilege escalation allowed",
	"severity": "high",
	"description": "allowPrivilegeEscalation: true lets a process gain more privileges than its parent (setuid binaries, file capabilities).",
	"remediation": "Set `securityContext.allowPrivilegeEscalation: false` on the container.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
		"CIS Kubernetes Benchmark 5.2.5",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s allows privilege escalation", [k8s.describe(c)]), "line": lib.line_of(c.securityContext, "allowPrivilegeEscalation")} if {
	some c in k8s.containers
	lib.is_true(c.securityContext.allowPrivilegeEscalation)
}
