package shiftgate.rules.kubernetes.K8S_088

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-088",
	"title": "Kubelet rate-limits event recording",
	"severity": "low",
	"description": "With a non-zero --event-qps (eventRecordQPS, 50 by default) the kubelet drops events under load, and with them the trace of what happened on the node.",
	"remediation": "Set --event-qps=0 (eventRecordQPS: 0), or a level you have checked captures every event.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"],
	"cwe": ["CWE-778"],
	"cis": ["CIS Kubernetes 1.8.0 4.2.9"],
}

deny contains {"msg": sprintf("%s does not set --event-qps=0", [cp.describe(c, "kubelet")]), "line": cp.line(c)} if {
	some c in cp.containers("kubelet")
	not ok(c)
}

ok(c) if lower(cp.flag(c, "event-qps")) == "0"

deny contains {"msg": sprintf("KubeletConfiguration %q does not set eventRecordQPS: 0", [k8s_name]), "line": lib.line_of(cfg, "eventRecordQPS")} if {
	cfg := cp.kubelet_config
	k8s_name := object.get(cfg, ["metadata", "name"], "unnamed")
	not lower(sprintf("%v", [object.get(cfg, "eventRecordQPS", "")])) == "0"
}
