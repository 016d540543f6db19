package shiftgate.rules.kubernetes.K8S_004

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-004",
	"title": "Container runs as root",
	"severity": "high",
	"description": "A container whose user id is 0 runs as root: a container escape or a writable host mount becomes root on the node.",
	"remediation": "Set `runAsUser` to a non-zero id (10000 or above) and `runAsNonRoot: true`, in the container or pod securityContext.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
		"CIS Kubernetes Benchmark 5.2.6",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("%s runs as root (runAsUser: 0)", [k8s.describe(c)]), "line": lib.line_of(c.securityContext, "runAsUser")} if {
	some c in k8s.containers
	c.securityContext.runAsUser == 0
}

deny contains {"msg": sprintf("%s runs as root: the pod sets runAsUser: 0", [k8s.describe(c)]), "line": lib.line_of(k8s.pod_spec.securityContext, "runAsUser")} if {
	some c in k8s.containers
	not c.securityContext.runAsUser
	k8s.pod_spec.securityContext.runAsUser == 0
}

deny contains {"msg": sprintf("%s sets runAsNonRoot: false and no user id", [k8s.describe(c)]), "line": lib.line_of(c.securityContext, "runAsNonRoot")} if {
	some c in k8s.containers
	lib.is_false(c.securityContext.runAsNonRoot)
	not k8s.sc(c).runAsUser
	not k8s.pod_sc.runAsUser
}
