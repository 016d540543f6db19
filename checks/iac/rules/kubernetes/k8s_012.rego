package shiftgate.rules.kubernetes.K8S_012

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-012",
	"title": "Host IPC namespace shared",
	"severity": "high",
	"description": "The pod can read and write the node's shared memory.",
	"remediation": "Remove `hostIPC: true` from the pod spec.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
		"CIS Kubernetes Benchmark 5.2.3",
	],
	"cwe": [
		"CWE-653",
	],
}

deny contains {"msg": sprintf("%s %q sets hostIPC: true", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.pod_spec, "hostIPC")} if {
	lib.is_true(k8s.pod_spec.hostIPC)
}
