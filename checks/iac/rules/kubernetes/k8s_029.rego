package shiftgate.rules.kubernetes.K8S_029

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-029",
	"title": "Service account token mounted automatically",
	"severity": "medium",
	"description": "The pod mounts an API token it probably does not need; whoever compromises the pod can call the API server with it.",
	"remediation": "Set `automountServiceAccountToken: false` on the pod spec (or the ServiceAccount) unless the pod talks to the API.",
	"references": [
		"https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
		"CIS Kubernetes Benchmark 5.1.6",
	],
	"cwe": [
		"CWE-522",
	],
}

deny contains {"msg": sprintf("%s %q mounts a service account token (automountServiceAccountToken is not false)", [k8s.kind, k8s.name]), "line": line} if {
	k8s.is_workload
	not lib.false_at(k8s.pod_spec, ["automountServiceAccountToken"])
	line := object.get(k8s.pod_spec.__lines__, "automountServiceAccountToken", k8s.spec_line)
}

deny contains {"msg": sprintf("ServiceAccount %q mounts its token automatically", [k8s.name]), "line": lib.line_of(k8s.resource, "automountServiceAccountToken")} if {
	k8s.kind == "ServiceAccount"
	lib.is_true(k8s.resource.automountServiceAccountToken)
}
