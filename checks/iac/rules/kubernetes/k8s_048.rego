package shiftgate.rules.kubernetes.K8S_048

import data.shiftgate.lib
import data.shiftgate.lib.cp

metadata := {
	"id": "K8S-048",
	"title": "AlwaysPullImages admission plugin not enabled",
	"severity": "low",
	"description": "Without AlwaysPullImages, a pod can run an image cached on its node that its own credentials could not pull.",
	"remediation": "Add AlwaysPullImages to --enable-admission-plugins.",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-284"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.11"],
}

deny contains {"msg": sprintf("%s: --enable-admission-plugins does not include AlwaysPullImages", [cp.describe(c, "kube-apiserver")]), "line": cp.line(c)} if {
	some c in cp.containers("kube-apiserver")
	not enabled(c)
}

enabled(c) if "AlwaysPullImages" in cp.list(cp.flag(c, "enable-admission-plugins"))
