package shiftgate.rules.kubernetes.K8S_076

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-076",
	"title": "PodSecurityPolicy allows privilege escalation",
	"severity": "high",
	"description": "A PodSecurityPolicy that sets allowPrivilegeEscalation true, or leaves it unset (the default is true), admits containers that can gain more privileges than their parent process.",
	"remediation": "Set allowPrivilegeEscalation: false (and migrate to Pod Security Admission: PodSecurityPolicy was removed in Kubernetes 1.25).",
	"references": ["https://kubernetes.io/docs/concepts/security/pod-security-policy/"],
	"cwe": ["CWE-269"],
	"cis": ["CIS Kubernetes 1.6.0 5.2.5"],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q allows privilege escalation", [k8s.name]), "line": lib.line_of(k8s.resource.spec, "allowPrivilegeEscalation")} if {
	k8s.kind == "PodSecurityPolicy"
	lib.is_true(k8s.resource.spec.allowPrivilegeEscalation)
}

deny contains {"msg": sprintf("PodSecurityPolicy %q does not set allowPrivilegeEscalation: false (the default allows it)", [k8s.name]), "line": lib.line_of(k8s.resource, "spec")} if {
	k8s.kind == "PodSecurityPolicy"
	not lib.has(k8s.resource.spec, "allowPrivilegeEscalation")
}
