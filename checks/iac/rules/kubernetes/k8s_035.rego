package shiftgate.rules.kubernetes.K8S_035

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-035",
	"title": "Ingress without TLS",
	"severity": "medium",
	"description": "An Ingress without a tls section serves the application over plain HTTP.",
	"remediation": "Add a `tls` section with a certificate secret for the Ingress hosts.",
	"references": [
		"https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("Ingress %q has no TLS", [k8s.name]), "line": lib.line_of(k8s.resource, "spec")} if {
	k8s.kind == "Ingress"
	not k8s.resource.spec.tls
}
