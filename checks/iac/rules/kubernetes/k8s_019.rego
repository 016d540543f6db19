package shiftgate.rules.kubernetes.K8S_019

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-019",
	"title": "Memory request not set",
	"severity": "low",
	"description": "Without a memory request the pod may be placed on a node that cannot hold it and is first to be evicted.",
	"remediation": "Set `resources.requests.memory` on every container.",
	"references": [
		"https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		"CIS Kubernetes Benchmark 5.7",
	],
	"cwe": [
		"CWE-770",
	],
}

deny contains {"msg": sprintf("%s has no memory request", [k8s.describe(c)]), "line": k8s.req_line(c, "requests")} if {
	some c in k8s.containers
	not c.resources.requests.memory
}
