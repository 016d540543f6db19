package shiftgate.rules.kubernetes.K8S_007

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-007",
	"title": "Added Linux capabilities",
	"severity": "medium",
	"description": "Capabilities beyond the runtime default widen what a compromised container can do to the host.",
	"remediation": "Remove `capabilities.add`; if one is truly needed (NET_BIND_SERVICE), document why.",
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
	not upper(cap) in {"NET_BIND_SERVICE", "SYS_ADMIN", "CAP_SYS_ADMIN", "ALL"}
}
