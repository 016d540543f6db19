package shiftgate.rules.kubernetes.K8S_034

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-034",
	"title": "Service exposed by an external load balancer",
	"severity": "medium",
	"description": "A LoadBalancer service without an internal-only annotation gets a public address.",
	"remediation": "Add the cloud provider's internal load balancer annotation, or use ClusterIP behind an Ingress.",
	"references": [
		"https://kubernetes.io/docs/concepts/services-networking/service/#internal-load-balancer",
	],
	"cwe": [
		"CWE-668",
	],
}

is_internal if {
	some k, v in k8s.resource.metadata.annotations
	k in {"service.beta.kubernetes.io/aws-load-balancer-internal", "service.beta.kubernetes.io/azure-load-balancer-internal", "service.beta.kubernetes.io/openstack-internal-load-balancer", "service.beta.kubernetes.io/cce-load-balancer-internal-vpc", "service.kubernetes.io/qcloud-loadbalancer-internal-subnetid", "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type", "service.beta.kubernetes.io/oci-load-balancer-internal"}
	not lower(sprintf("%v", [v])) in {"false", "internet"}
}

is_internal if {
	some k, v in k8s.resource.metadata.annotations
	k in {"networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type"}
	lower(v) == "internal"
}

where := lib.line_of(k8s.resource.metadata, "annotations") if k8s.resource.metadata.annotations

where := lib.line_of(k8s.resource.metadata, "name") if not k8s.resource.metadata.annotations

deny contains {"msg": sprintf("Service %q is exposed by an external load balancer", [k8s.name]), "line": where} if {
	k8s.kind == "Service"
	k8s.resource.spec.type == "LoadBalancer"
	not is_internal
}
