package shiftgate.rules.kubernetes.K8S_033

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-033",
	"title": "Service of type NodePort",
	"severity": "low",
	"description": "A NodePort service opens a port on every node, bypassing load balancers and most network controls.",
	"remediation": "Use a ClusterIP service behind an Ingress or an internal load balancer.",
	"references": [
		"https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
		"CIS Kubernetes Benchmark 5.3",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("Service %q is of type NodePort", [k8s.name]), "line": lib.line_of(k8s.resource.spec, "type")} if {
	k8s.kind == "Service"
	k8s.resource.spec.type == "NodePort"
}
