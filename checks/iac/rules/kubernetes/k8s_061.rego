package shiftgate.rules.kubernetes.K8S_061

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-061",
	"title": "etcd does not authenticate its peers",
	"severity": "high",
	"description": "With --peer-client-cert-auth=false any host that reaches the peer port can join or read the cluster.",
	"remediation": "Set --peer-client-cert-auth=true with a --peer-trusted-ca-file.",
	"references": ["https://etcd.io/docs/latest/op-guide/configuration/"],
	"cwe": ["CWE-295"],
	"cis": ["CIS Kubernetes 1.8.0 2.5"],
}

deny contains {"msg": sprintf("%s does not set --peer-client-cert-auth=true", [cp.describe(c, "etcd")]), "line": cp.line(c)} if {
	some c in cp.containers("etcd")
	not ok(c)
}

ok(c) if lower(cp.flag(c, "peer-client-cert-auth")) == "true"
