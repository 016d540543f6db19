package shiftgate.rules.kubernetes.K8S_067

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-067",
	"title": "Kubelet overrides its hostname",
	"severity": "low",
	"description": "--hostname-override can break TLS verification between the API server and the kubelet.",
	"remediation": "Remove --hostname-override.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"],
	"cwe": ["CWE-295"],
	"cis": ["CIS Kubernetes 1.8.0 4.2.8"],
}

deny contains {"msg": sprintf("%s sets --hostname-override", [cp.describe(c, "kubelet")]), "line": cp.line(c)} if {
	some c in cp.containers("kubelet")
	cp.has_flag(c, "hostname-override")
}
