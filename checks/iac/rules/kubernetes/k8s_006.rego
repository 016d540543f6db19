package shiftgate.rules.kubernetes.K8S_006

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-006",
	"title": "Container runs with a low user id",
	"severity": "low",
	"description": "User ids below 10000 may collide with host users; a container escape then acts as a real host account.",
	"remediation": "Use a `runAsUser` of 10000 or above.",
	"references": [
		"https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
	],
	"cwe": [
		"CWE-250",
	],
}

deny contains {"msg": sprintf("%s runs with low user id %v", [k8s.describe(c), u]), "line": lib.line_of(c.securityContext, "runAsUser")} if {
	some c in k8s.containers
	u := c.securityContext.runAsUser
	is_number(u)
	u > 0
	u < 10000
}

deny contains {"msg": sprintf("%s runs with the pod's low user id %v", [k8s.describe(c), u]), "line": lib.line_of(k8s.pod_spec.securityContext, "runAsUser")} if {
	some c in k8s.containers
	not c.securityContext.runAsUser
	u := k8s.pod_spec.securityContext.runAsUser
	is_number(u)
	u > 0
	u < 10000
}
