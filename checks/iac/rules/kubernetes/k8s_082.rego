package shiftgate.rules.kubernetes.K8S_082

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-082",
	"title": "PodSecurityPolicy does not drop capabilities",
	"severity": "medium",
	"description": "A PodSecurityPolicy without requiredDropCapabilities admits containers with the runtime's default capabilities.",
	"remediation": "Set requiredDropCapabilities: [ALL] and add back only what workloads need.",
	"references": ["https://kubernetes.io/docs/concepts/security/pod-security-policy/"],
	"cwe": ["CWE-250"],
	"cis": ["CIS Kubernetes 1.6.0 5.2.9"],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q sets no requiredDropCapabilities", [k8s.name]), "line": lib.line_of(k8s.resource, "spec")} if {
	k8s.kind == "PodSecurityPolicy"
	not k8s.resource.spec.requiredDropCapabilities
}
