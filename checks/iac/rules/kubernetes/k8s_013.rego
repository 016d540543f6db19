package shiftgate.rules.kubernetes.K8S_013

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-013",
	"title": "hostPath volume",
	"severity": "high",
	"description": "A hostPath volume exposes the node's file system to the pod; with write access it is a path to the node.",
	"remediation": "Use a persistent volume, emptyDir, configMap or secret instead of hostPath.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
		"CIS Kubernetes Benchmark 5.2.12",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("volume %q of %s %q mounts host path %s", [v.name, k8s.kind, k8s.name, v.hostPath.path]), "line": lib.line_of(v.hostPath, "path")} if {
	some v in k8s.pod_spec.volumes
	v.hostPath
	k8s.namespace != "kube-system"
}

deny contains {"msg": sprintf("PersistentVolume %q uses host path %s", [k8s.name, k8s.resource.spec.hostPath.path]), "line": lib.line_of(k8s.resource.spec.hostPath, "path")} if {
	k8s.kind == "PersistentVolume"
	k8s.resource.spec.hostPath
}
