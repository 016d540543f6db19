package shiftgate.rules.kubernetes.K8S_051

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-051",
	"title": "NodeRestriction admission plugin not enabled",
	"severity": "medium",
	"description": "Without NodeRestriction, a kubelet can modify any node or pod object, so one compromised node reaches the others.",
	"remediation": "Add NodeRestriction to --enable-admission-plugins.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-284"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.15"],
}

deny contains {"msg": sprintf("%s: --enable-admission-plugins does not include NodeRestriction", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	not enabled(c)
}

enabled(c) if "NodeRestriction" in cp.list(cp.flag(c, "enable-admission-plugins"))
