package shiftgate.rules.kubernetes.K8S_017

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-017",
	"title": "Memory limit not set",
	"severity": "medium",
	"description": "Without a memory limit one container can exhaust the node's memory (denial of service).",
	"remediation": "Set `resources.limits.memory` on every container.",
	"references": [
		"https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		"CIS Kubernetes Benchmark 5.7",
	],
	"cwe": [
		"CWE-770",
	],
}

deny contains {"msg": sprintf("%s has no memory limit", [k8s.describe(c)]), "line": k8s.res_line(c, "limits")} if {
	some c in k8s.containers
	not c.resources.limits.memory
}
