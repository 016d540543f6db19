package shiftgate.rules.kubernetes.K8S_010

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-010",
	"title": "Host network namespace shared",
	"severity": "high",
	"description": "The pod sees every interface of the node and can bind to its ports or sniff its traffic.",
	"remediation": "Remove `hostNetwork: true` from the pod spec.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
		"CIS Kubernetes Benchmark 5.2.4",
	],
	"cwe": [
		"CWE-653",
	],
}

deny contains {"msg": sprintf("%s %q sets hostNetwork: true", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.pod_spec, "hostNetwork")} if {
	lib.is_true(k8s.pod_spec.hostNetwork)
}
