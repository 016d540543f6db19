package shiftgate.rules.kubernetes.K8S_081

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-081",
	"title": "PodSecurityPolicy does not drop NET_RAW",
	"severity": "medium",
	"description": "requiredDropCapabilities without NET_RAW (or ALL) admits containers that can forge packets and spoof other pods on the node.",
	"remediation": "Add ALL (or at least NET_RAW) to requiredDropCapabilities.",
	"references": ["https://kubernetes.io/docs/concepts/security/pod-security-policy/"],
	"cwe": ["CWE-250"],
	"cis": ["CIS Kubernetes 1.6.0 5.2.7"],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q does not drop NET_RAW", [k8s.name]), "line": lib.line_of(k8s.resource.spec, "requiredDropCapabilities")} if {
	k8s.kind == "PodSecurityPolicy"
	caps := {upper(c) | some c in k8s.resource.spec.requiredDropCapabilities}
	count(caps & {"ALL", "NET_RAW"}) == 0
}
