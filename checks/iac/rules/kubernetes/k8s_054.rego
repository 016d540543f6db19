package shiftgate.rules.kubernetes.K8S_054

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-054",
	"title": "API server rotates audit logs below 100 MB",
	"severity": "low",
	"description": "Small audit log files rotate away quickly under load.",
	"remediation": "Set --audit-log-maxsize=100 or more.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-778"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.19"],
}

deny contains {"msg": sprintf("%s does not set --audit-log-maxsize to 100 or more", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	not ok(c)
}

ok(c) if to_number(cp.flag(c, "audit-log-maxsize")) >= 100
