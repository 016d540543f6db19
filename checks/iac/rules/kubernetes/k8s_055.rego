package shiftgate.rules.kubernetes.K8S_055

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-055",
	"title": "API server audit log not written",
	"severity": "medium",
	"description": "Without --audit-log-path the API server keeps no audit trail of who did what.",
	"remediation": "Set --audit-log-path (and an audit policy).",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-778"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.16"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["audit-log-path"]
	not cp.has_flag(c, f)
}
