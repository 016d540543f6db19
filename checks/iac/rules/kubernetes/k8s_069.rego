package shiftgate.rules.kubernetes.K8S_069

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-069",
	"title": "Kubelet read-only port open",
	"severity": "medium",
	"description": "The read-only port serves pod and node data without authentication.",
	"remediation": "Set --read-only-port=0 (readOnlyPort: 0).",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"],
	"cwe": ["CWE-306"],
	"cis": ["CIS Kubernetes 1.8.0 4.2.4"],
}

deny contains {"msg": sprintf("%s does not set --read-only-port=0", [cp.describe(c, "kubelet")]), "line": cp.line(c)} if {
	some c in cp.containers("kubelet")
	not ok(c)
}

ok(c) if lower(cp.flag(c, "read-only-port")) == "0"

deny contains {"msg": sprintf("KubeletConfiguration %q does not set readOnlyPort: 0", [k8s_name]), "line": lib.line_of(cfg, "readOnlyPort")} if {
	cfg := cp.kubelet_config
	k8s_name := object.get(cfg, ["metadata", "name"], "unnamed")
	not lower(sprintf("%v", [object.get(cfg, "readOnlyPort", "")])) == "0"
}
