package shiftgate.rules.kubernetes.K8S_065

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-065",
	"title": "API server has no client certificate for kubelets",
	"severity": "medium",
	"description": "Without --kubelet-client-certificate and --kubelet-client-key, kubelets cannot authenticate the API server.",
	"remediation": "Set both flags.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-295"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.4"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["kubelet-client-certificate", "kubelet-client-key"]
	not cp.has_flag(c, f)
}
