package shiftgate.rules.kubernetes.K8S_078

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-078",
	"title": "PodSecurityPolicy allows the host PID namespace",
	"severity": "high",
	"description": "A PodSecurityPolicy with hostPID: true admits pods that share the node's PID namespace and can see or reach the host's processes.",
	"remediation": "Set hostPID: false (and migrate to Pod Security Admission).",
	"references": ["https://kubernetes.io/docs/concepts/security/pod-security-policy/"],
	"cwe": ["CWE-653"],
	"cis": ["CIS Kubernetes 1.6.0 5.2.2"],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q allows hostPID", [k8s.name]), "line": lib.line_of(k8s.resource.spec, "hostPID")} if {
	k8s.kind == "PodSecurityPolicy"
	lib.is_true(k8s.resource.spec.hostPID)
}
