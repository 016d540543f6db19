package shiftgate.rules.kubernetes.K8S_049

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-049",
	"title": "EventRateLimit admission plugin not enabled",
	"severity": "low",
	"description": "Without EventRateLimit, a flood of events can overwhelm the API server.",
	"remediation": "Add EventRateLimit to --enable-admission-plugins with an --admission-control-config-file.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-770"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.9"],
}

deny contains {"msg": sprintf("%s: --enable-admission-plugins does not include EventRateLimit", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	not enabled(c)
}

enabled(c) if "EventRateLimit" in cp.list(cp.flag(c, "enable-admission-plugins"))
