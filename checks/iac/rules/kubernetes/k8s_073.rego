package shiftgate.rules.kubernetes.K8S_073

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-073",
	"title": "API server accepts tokens of deleted service accounts",
	"severity": "medium",
	"description": "With --service-account-lookup=false a token stays valid after its service account is deleted.",
	"remediation": "Remove the flag (the default is true).",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-613"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.24"],
}

deny contains {"msg": sprintf("%s sets --service-account-lookup=false", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	lower(cp.flag(c, "service-account-lookup")) == "false"
}
