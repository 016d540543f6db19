package shiftgate.rules.kubernetes.K8S_045

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-045",
	"title": "hostPort used",
	"severity": "low",
	"description": "A hostPort binds the container to the node's address, bypassing network policies and limiting scheduling.",
	"remediation": "Remove `hostPort`; expose the container through a Service.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("%s binds host port %v", [k8s.describe(c), p.hostPort]), "line": lib.line_of(p, "hostPort")} if {
	some c in k8s.containers
	some p in c.ports
	p.hostPort
	p.hostPort != 0
}
