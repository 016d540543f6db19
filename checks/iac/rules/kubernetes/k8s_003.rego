package shiftgate.rules.kubernetes.K8S_003

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-003",
	"title": "Privilege escalation not disabled",
	"severity": "medium",
	"description": "Unless allowPrivilegeEscalation is set to false, a container process can gain privileges through setuid binaries.",
	"remediation": "Add `allowPrivilegeEscalation: false` to the container's securityContext.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
		"CIS Kubernetes Benchmark 5.2.5",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s does not set allowPrivilegeEscalation: false", [k8s.describe(c)]), "line": k8s.sc_line(c, "allowPrivilegeEscalation")} if {
	some c in k8s.containers
	not c.securityContext.allowPrivilegeEscalation == false
	not lib.true_at(c, ["securityContext", "allowPrivilegeEscalation"])
	not lib.true_at(c, ["securityContext", "privileged"])
}
