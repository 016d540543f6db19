package shiftgate.rules.kubernetes.K8S_066

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-066",
	"title": "Kubelet client certificate rotation disabled",
	"severity": "medium",
	"description": "With --rotate-certificates=false the kubelet keeps one client certificate until it expires.",
	"remediation": "Remove --rotate-certificates=false (rotateCertificates: true).",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"],
	"cwe": ["CWE-324"],
	"cis": ["CIS Kubernetes 1.8.0 4.2.11"],
}

deny contains {"msg": sprintf("%s sets --rotate-certificates=false", [cp.describe(c, "kubelet")]), "line": cp.line(c)} if {
	some c in cp.containers("kubelet")
	lower(cp.flag(c, "rotate-certificates")) == "false"
}

deny contains {"msg": sprintf("KubeletConfiguration %q sets rotateCertificates: false", [k8s_name]), "line": lib.line_of(cfg, "rotateCertificates")} if {
	cfg := cp.kubelet_config
	k8s_name := object.get(cfg, ["metadata", "name"], "unnamed")
	lower(sprintf("%v", [cfg.rotateCertificates])) == "false"
}
