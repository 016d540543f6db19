package shiftgate.rules.kubernetes.K8S_016

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-016",
	"title": "CPU limit not set",
	"severity": "low",
	"description": "Without a CPU limit one container can starve the others on its node.",
	"remediation": "Set `resources.limits.cpu` on every container.",
	"references": [
		"https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		"CIS Kubernetes Benchmark 5.7",
	],
	"cwe": [
		"CWE-770",
	],
}

deny contains {"msg": sprintf("%s has no cpu limit", [k8s.describe(c)]), "line": k8s.res_line(c, "limits")} if {
	some c in k8s.containers
	not c.resources.limits.cpu
}
