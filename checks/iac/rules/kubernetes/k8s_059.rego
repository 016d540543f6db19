package shiftgate.rules.kubernetes.K8S_059

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-059",
	"title": "API server does not verify client certificates",
	"severity": "high",
	"description": "Without --client-ca-file the API server cannot authenticate clients by certificate.",
	"remediation": "Set --client-ca-file.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-295"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.29"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["client-ca-file"]
	not cp.has_flag(c, f)
}
