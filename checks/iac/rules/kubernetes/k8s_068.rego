package shiftgate.rules.kubernetes.K8S_068

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-068",
	"title": "Kubelet does not manage iptables",
	"severity": "low",
	"description": "With --make-iptables-util-chains=false, pod networking rules can drift from what the kubelet expects.",
	"remediation": "Remove the flag (the default is true).",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"],
	"cwe": ["CWE-284"],
	"cis": ["CIS Kubernetes 1.8.0 4.2.7"],
}

deny contains {"msg": sprintf("%s sets --make-iptables-util-chains=false", [cp.describe(c, "kubelet")]), "line": cp.line(c)} if {
	some c in cp.containers("kubelet")
	lower(cp.flag(c, "make-iptables-util-chains")) == "false"
}

deny contains {"msg": sprintf("KubeletConfiguration %q sets makeIPTablesUtilChains: false", [k8s_name]), "line": lib.line_of(cfg, "makeIPTablesUtilChains")} if {
	cfg := cp.kubelet_config
	k8s_name := object.get(cfg, ["metadata", "name"], "unnamed")
	lower(sprintf("%v", [cfg.makeIPTablesUtilChains])) == "false"
}
