package shiftgate.rules.kubernetes.K8S_071

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-071",
	"title": "API server secure port disabled",
	"severity": "high",
	"description": "--secure-port=0 turns off the TLS port.",
	"remediation": "Remove --secure-port=0.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-319"],
}

deny contains {"msg": sprintf("%s sets --secure-port=0", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	lower(cp.flag(c, "secure-port")) == "0"
}
