package shiftgate.rules.kubernetes.K8S_063

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-063",
	"title": "etcd client connection not encrypted",
	"severity": "high",
	"description": "Without etcd --cert-file/--key-file, or the API server's --etcd-certfile/--etcd-keyfile, the API server talks to etcd in clear or unauthenticated.",
	"remediation": "Set etcd --cert-file and --key-file, and kube-apiserver --etcd-certfile and --etcd-keyfile.",
	"references": ["https://etcd.io/docs/latest/op-guide/configuration/"],
	"cwe": ["CWE-319"],
	"cis": ["CIS Kubernetes 1.8.0 2.1"],
}

deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "etcd"), f]), "line": cp.line(c)} if {
	some c in cp.containers("etcd")
	some f in ["cert-file", "key-file"]
	not cp.has_flag(c, f)
}

# The API server's side of the same connection.
deny contains {"msg": sprintf("%s does not set --%s", [cp.describe(c, "kube-apiserver"), f]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	some f in ["etcd-certfile", "etcd-keyfile"]
	not cp.has_flag(c, f)
}
