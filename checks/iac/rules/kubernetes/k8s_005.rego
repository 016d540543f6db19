package shiftgate.rules.kubernetes.K8S_005

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-005",
	"title": "runAsNonRoot not enforced",
	"severity": "medium",
	"description": "Without runAsNonRoot: true (or a non-zero runAsUser) the container runs as whatever user its image names, often root.",
	"remediation": "Set `securityContext.runAsNonRoot: true` in the pod or container, and a non-zero `runAsUser`.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
		"CIS Kubernetes Benchmark 5.2.6",
	],
	"cwe": [
		"CWE-250",
	],
}

nonroot(c) if lib.is_true(c.securityContext.runAsNonRoot)

nonroot(c) if {
	not has_key(k8s.sc(c), "runAsNonRoot")
	lib.is_true(k8s.pod_sc.runAsNonRoot)
}

user_set(c) if has_key(k8s.sc(c), "runAsUser")

user_set(c) if has_key(k8s.pod_sc, "runAsUser")

has_key(o, k) if o[k] != null

deny contains {"msg": sprintf("%s does not enforce runAsNonRoot and sets no user id", [k8s.describe(c)]), "line": k8s.sc_line(c, "runAsNonRoot")} if {
	some c in k8s.containers
	not nonroot(c)
	not user_set(c)
	not has_key(k8s.sc(c), "runAsNonRoot")
}
