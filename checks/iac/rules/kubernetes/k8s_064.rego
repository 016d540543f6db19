package shiftgate.rules.kubernetes.K8S_064

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-064",
	"title": "API server does not verify kubelet certificates",
	"severity": "medium",
	"description": "Without --kubelet-certificate-authority the API server's connections to kubelets can be intercepted.",
	"remediation": "Set --kubelet-certificate-authority.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-295"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.5"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["kubelet-certificate-authority"]
	not cp.has_flag(c, f)
}
