package shiftgate.rules.kubernetes.K8S_074

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-074",
	"title": "Terminated pods never garbage collected",
	"severity": "low",
	"description": "Without a sensible --terminated-pod-gc-threshold, terminated pods pile up and exhaust etcd.",
	"remediation": "Set --terminated-pod-gc-threshold between 1 and 12500.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/"],
	"cwe": ["CWE-400"],
	"cis": ["CIS Kubernetes 1.8.0 1.3.1"],
}

deny contains {"msg": sprintf("%s does not set --terminated-pod-gc-threshold between 0 and 12501", [cp.describe(c, "kube-controller-manager")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-controller-manager")
	not ok(c)
}

ok(c) if {
	n := to_number(cp.flag(c, "terminated-pod-gc-threshold"))
	n > 0
	n < 12501
}
