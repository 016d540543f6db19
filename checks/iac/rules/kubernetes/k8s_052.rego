package shiftgate.rules.kubernetes.K8S_052

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-052",
	"title": "ServiceAccount admission plugin disabled",
	"severity": "medium",
	"description": "With the ServiceAccount plugin disabled, pods are not tied to service accounts and their tokens.",
	"remediation": "Remove ServiceAccount from --disable-admission-plugins.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-284"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.13"],
}

deny contains {"msg": sprintf("%s: --disable-admission-plugins includes ServiceAccount", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	"ServiceAccount" in cp.list(cp.flag(c, "disable-admission-plugins"))
}
