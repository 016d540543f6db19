package shiftgate.rules.kubernetes.K8S_047

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-047",
	"title": "API server admits every request",
	"severity": "high",
	"description": "The AlwaysAdmit admission plugin lets every request through, whatever the other admission controllers would say.",
	"remediation": "Remove AlwaysAdmit from --enable-admission-plugins.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-284"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.8"],
}

deny contains {"msg": sprintf("%s: --enable-admission-plugins includes AlwaysAdmit", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	"AlwaysAdmit" in cp.list(cp.flag(c, "enable-admission-plugins"))
}
