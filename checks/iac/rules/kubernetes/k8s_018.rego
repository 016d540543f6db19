package shiftgate.rules.kubernetes.K8S_018

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-018",
	"title": "CPU request not set",
	"severity": "low",
	"description": "Without a CPU request the scheduler cannot place the pod sensibly, and it is first to be throttled.",
	"remediation": "Set `resources.requests.cpu` on every container.",
	"references": [
		"https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		"CIS Kubernetes Benchmark 5.7",
	],
	"cwe": [
		"CWE-770",
	],
}

deny contains {"msg": sprintf("%s has no cpu request", [k8s.describe(c)]), "line": k8s.req_line(c, "requests")} if {
	some c in k8s.containers
	not c.resources.requests.cpu
}
