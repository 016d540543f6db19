package shiftgate.rules.kubernetes.K8S_032

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-032",
	"title": "Seccomp profile not set",
	"severity": "medium",
	"description": "Without a seccomp profile (RuntimeDefault) a container may call every system call the kernel offers.",
	"remediation": "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod or container.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
		"CIS Kubernetes Benchmark 5.7.2",
	],
	"cwe": [
		"CWE-693",
	],
}

ok_type(t) if t in {"RuntimeDefault", "Localhost"}

good_annotation(v) if v in {"runtime/default", "docker/default"}

good_annotation(v) if startswith(v, "localhost/")

annotated if {
	some k, v in k8s.pod_meta.annotations
	startswith(k, "seccomp.security.alpha.kubernetes.io/")
	good_annotation(v)
}

deny contains {"msg": sprintf("%s %q sets seccomp annotation %s to %q", [k8s.kind, k8s.name, k, v]), "line": lib.line_of(k8s.pod_meta.annotations, k)} if {
	some k, v in k8s.pod_meta.annotations
	startswith(k, "seccomp.security.alpha.kubernetes.io/")
	not good_annotation(v)
}

deny contains {"msg": sprintf("%s has no seccomp profile", [k8s.describe(c)]), "line": k8s.sc_line(c, "seccompProfile")} if {
	some c in k8s.containers
	not c.securityContext.seccompProfile
	not ok_type(object.get(k8s.pod_sc, ["seccompProfile", "type"], ""))
	not annotated
}

deny contains {"msg": sprintf("%s runs with seccomp Unconfined", [k8s.describe(c)]), "line": lib.line_of(c.securityContext.seccompProfile, "type")} if {
	some c in k8s.containers
	c.securityContext.seccompProfile.type == "Unconfined"
}

deny contains {"msg": sprintf("%s %q runs with seccomp Unconfined", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.pod_spec.securityContext.seccompProfile, "type")} if {
	k8s.pod_spec.securityContext.seccompProfile.type == "Unconfined"
}
