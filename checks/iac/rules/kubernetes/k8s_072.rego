package shiftgate.rules.kubernetes.K8S_072

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-072",
	"title": "API server cannot verify service account tokens",
	"severity": "medium",
	"description": "Without --service-account-key-file the key that signs tokens cannot be rotated separately.",
	"remediation": "Set --service-account-key-file.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-347"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.25"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["service-account-key-file"]
	not cp.has_flag(c, f)
}
