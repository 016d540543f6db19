package shiftgate.rules.kubernetes.K8S_056

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-056",
	"title": "API server without an audit policy",
	"severity": "medium",
	"description": "Without --audit-policy-file no request is audited, whatever the log settings.",
	"remediation": "Set --audit-policy-file to a policy covering secrets, RBAC and exec.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-778"],
	"cis": ["CIS Kubernetes 1.8.0 3.2.1"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["audit-policy-file"]
	not cp.has_flag(c, f)
}
