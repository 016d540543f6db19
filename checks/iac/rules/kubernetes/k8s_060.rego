package shiftgate.rules.kubernetes.K8S_060

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-060",
	"title": "Secrets not encrypted at rest in etcd",
	"severity": "high",
	"description": "Without --encryption-provider-config, Secrets are stored in etcd in clear.",
	"remediation": "Set --encryption-provider-config to a config with aescbc, secretbox or a KMS provider.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-311"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.27"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["encryption-provider-config"]
	not cp.has_flag(c, f)
}
