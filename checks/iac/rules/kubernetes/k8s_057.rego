package shiftgate.rules.kubernetes.K8S_057

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-057",
	"title": "API server authorizes every request",
	"severity": "critical",
	"description": "--authorization-mode=AlwaysAllow (API server or kubelet) lets any authenticated, or anonymous, client do anything.",
	"remediation": "Use --authorization-mode=Node,RBAC.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-285"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.6"],
}

deny contains {"msg": sprintf("%s: --authorization-mode includes AlwaysAllow", [cp.describe(c, comp)]), "line": cp.line(c)} if {
	some comp in ["kube-apiserver", "kubelet"]
	some c in cp.containers(comp)
	"AlwaysAllow" in cp.list(cp.flag(c, "authorization-mode"))
}

deny contains {"msg": sprintf("KubeletConfiguration %q sets authorization.mode: AlwaysAllow", [object.get(cfg, ["metadata", "name"], "unnamed")]), "line": lib.line_of(cfg.authorization, "mode")} if {
	cfg := cp.kubelet_config
	cfg.authorization.mode == "AlwaysAllow"
}
