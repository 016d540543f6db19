package shiftgate.rules.kubernetes.K8S_070

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-070",
	"title": "Controller manager gives pods no root CA",
	"severity": "low",
	"description": "Without --root-ca-file, service account tokens ship without the CA to verify the API server.",
	"remediation": "Set --root-ca-file.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/"],
	"cwe": ["CWE-295"],
	"cis": ["CIS Kubernetes 1.8.0 1.3.5"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-controller-manager"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-controller-manager")
	some f in ["root-ca-file"]
	not cp.has_flag(c, f)
}
