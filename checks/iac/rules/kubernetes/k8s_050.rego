package shiftgate.rules.kubernetes.K8S_050

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-050",
	"title": "ImagePolicyWebhook admission plugin not enabled",
	"severity": "low",
	"description": "Without an image policy webhook, the cluster runs images from anywhere.",
	"remediation": "Add ImagePolicyWebhook (or an equivalent policy engine) to --enable-admission-plugins.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-829"],
}

deny contains {"msg": sprintf("%s: --enable-admission-plugins does not include ImagePolicyWebhook", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	not enabled(c)
}

enabled(c) if "ImagePolicyWebhook" in cp.list(cp.flag(c, "enable-admission-plugins"))
