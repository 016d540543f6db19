package shiftgate.rules.kubernetes.K8S_009

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-009",
	"title": "Capabilities not dropped",
	"severity": "low",
	"description": "Containers keep the runtime's default capabilities (NET_RAW among them) unless they drop them.",
	"remediation": "Add `capabilities: {drop: [\"ALL\"]}` to the container securityContext and add back only what is needed.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
		"CIS Kubernetes Benchmark 5.2.7",
	],
	"cwe": [
		"CWE-250",
	],
}

drops_all(c) if {
	some d in c.securityContext.capabilities.drop
	upper(d) == "ALL"
}

where(c) := lib.line_of(c.securityContext, "capabilities") if c.securityContext.capabilities

where(c) := k8s.sc_line(c, "capabilities") if not c.securityContext.capabilities

deny contains {"msg": sprintf("%s does not drop ALL capabilities", [k8s.describe(c)]), "line": where(c)} if {
	some c in k8s.containers
	not drops_all(c)
	not lib.true_at(c, ["securityContext", "privileged"])
}
