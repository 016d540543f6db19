package shiftgate.rules.kubernetes.K8S_039

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-039",
	"title": "PodSecurityPolicy allows privileged pods",
	"severity": "high",
	"description": "A PodSecurityPolicy with privileged: true admits privileged containers.",
	"remediation": "Set `privileged: false` in the PodSecurityPolicy (and migrate to Pod Security Admission).",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
		"CIS Kubernetes Benchmark 5.2.1",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q allows privileged containers", [k8s.name]), "line": lib.line_of(k8s.resource.spec, "privileged")} if {
	k8s.kind == "PodSecurityPolicy"
	lib.is_true(k8s.resource.spec.privileged)
}
