package shiftgate.rules.kubernetes.K8S_062

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-062",
	"title": "etcd peer TLS not configured",
	"severity": "high",
	"description": "Without --peer-cert-file and --peer-key-file, etcd members replicate in clear.",
	"remediation": "Set --peer-cert-file and --peer-key-file.",
	"references": ["https://etcd.io/docs/latest/op-guide/configuration/"],
	"cwe": ["CWE-319"],
	"cis": ["CIS Kubernetes 1.8.0 2.4"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "etcd"), f]), "line": cp.line(c)} if {
	some c in cp.containers("etcd")
	some f in ["peer-cert-file", "peer-key-file"]
	not cp.has_flag(c, f)
}
