package shiftgate.rules.kubernetes.K8S_053

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-053",
	"title": "API server keeps audit logs fewer than 30 days",
	"severity": "low",
	"description": "Audit logs kept for less than 30 days may be gone before an incident is noticed.",
	"remediation": "Set --audit-log-maxage=30 or more.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-778"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.17"],
}

deny contains {"msg": sprintf("%s does not set --audit-log-maxage to 30 or more", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	not ok(c)
}

ok(c) if to_number(cp.flag(c, "audit-log-maxage")) >= 30
