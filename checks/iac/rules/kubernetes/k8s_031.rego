package shiftgate.rules.kubernetes.K8S_031

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-031",
	"title": "Root file system is writable",
	"severity": "low",
	"description": "A writable root file system lets an attacker drop tools and persist inside the container.",
	"remediation": "Set `securityContext.readOnlyRootFilesystem: true` and mount emptyDir volumes where the app writes.",
	"references": [
		"https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
		"CIS Kubernetes Benchmark 5.7.3",
	],
	"cwe": [
		"CWE-732",
	],
}

deny contains {"msg": sprintf("%s has a writable root file system", [k8s.describe(c)]), "line": k8s.sc_line(c, "readOnlyRootFilesystem")} if {
	some c in k8s.containers
	not lib.true_at(c, ["securityContext", "readOnlyRootFilesystem"])
}
