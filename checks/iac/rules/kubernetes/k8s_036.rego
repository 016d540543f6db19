package shiftgate.rules.kubernetes.K8S_036

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-036",
	"title": "Workload in the default namespace",
	"severity": "low",
	"description": "Objects in the default namespace share it with everything else that forgot a namespace: policies and RBAC cannot tell them apart.",
	"remediation": "Set `metadata.namespace` to a dedicated namespace.",
	"references": [
		"CIS Kubernetes Benchmark 5.7.4",
	],
	"cwe": [
		"CWE-653",
	],
}

kinds := {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController", "Service", "ConfigMap", "Secret", "Role", "RoleBinding", "ServiceAccount", "Ingress", "NetworkPolicy", "PodTemplate"}

deny contains {"msg": sprintf("%s %q is in a shared system namespace", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.resource.metadata, "namespace")} if {
	k8s.kind in kinds
	k8s.resource.metadata.namespace in {"default", "kube-system", "kube-public"}
}

deny contains {"msg": sprintf("%s %q sets no namespace", [k8s.kind, k8s.name]), "line": lib.line_of(k8s.resource.metadata, "name")} if {
	k8s.kind in kinds
	is_object(k8s.resource.metadata)
	not k8s.resource.metadata.namespace
}
