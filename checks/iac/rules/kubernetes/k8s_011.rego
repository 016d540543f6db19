package shiftgate.rules.kubernetes.K8S_011

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-011",
	"title": "Host PID namespace shared",
	"severity": "high",
	"description": "The pod can see and signal every process on the node.",
	"remediation": "Remove `hostPID: true` from the pod spec.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
		"CIS Kubernetes Benchmark 5.2.2",
	],
	"cwe": [
		"CWE-653",
	],
}

deny contains {"msg": sprintf("%s %q sets hostPID: true", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.pod_spec, "hostPID")} if {
	lib.is_true(k8s.pod_spec.hostPID)
}
