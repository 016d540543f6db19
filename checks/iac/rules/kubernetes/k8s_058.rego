package shiftgate.rules.kubernetes.K8S_058

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-058",
	"title": "API server accepts basic-auth passwords",
	"severity": "high",
	"description": "--basic-auth-file keeps static passwords in clear on disk that never expire.",
	"remediation": "Remove --basic-auth-file; use certificates, OIDC or webhook authentication.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-522"],
	"cis": ["CIS Kubernetes 1.6.0 1.2.2"],
}

deny contains {"msg": sprintf("%s sets --basic-auth-file", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	cp.has_flag(c, "basic-auth-file")
}
