package shiftgate.rules.kubernetes.K8S_075

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-075",
	"title": "Controllers share the controller manager's credentials",
	"severity": "medium",
	"description": "Without --use-service-account-credentials=true every controller runs with the controller manager's own, broad, credentials.",
	"remediation": "Set --use-service-account-credentials=true.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/"],
	"cwe": ["CWE-269"],
	"cis": ["CIS Kubernetes 1.8.0 1.3.3"],
}

deny contains {"msg": sprintf("%s does not set --use-service-account-credentials=true", [cp.describe(c, "kube-controller-manager")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-controller-manager")
	not ok(c)
}

ok(c) if lower(cp.flag(c, "use-service-account-credentials")) == "true"
