package shiftgate.rules.kubernetes.K8S_008

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-008",
	"title": "SYS_ADMIN or ALL capabilities added",
	"severity": "critical",
	"description": "CAP_SYS_ADMIN (or ALL) is nearly equivalent to root on the host: mounts, namespaces, BPF.",
	"remediation": "Remove SYS_ADMIN/ALL from `capabilities.add`.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
		"CIS Kubernetes Benchmark 5.2.8",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("%s adds capability %s", [k8s.describe(c), cap]), "line": lib.line_of(c.securityContext.capabilities, "add")} if {
	some c in k8s.containers
	some cap in c.securityContext.capabilities.add
	upper(cap) in {"SYS_ADMIN", "CAP_SYS_ADMIN", "ALL"}
}
