package shiftgate.rules.kubernetes.K8S_089

import data.shiftgate.lib
import data.shiftgate.lib.cp
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-089",
	"title": "Kubernetes Dashboard deployed",
	"severity": "medium",
	"description": "The Kubernetes Dashboard is a web UI with broad cluster access; exposed or given a powerful service account it has been the entry point of cluster takeovers.",
	"remediation": "Do not deploy the Dashboard; if you must, give it a read-only service account and reach it only through kubectl proxy.",
	"references": ["https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/"],
	"cwe": ["CWE-284"],
}

deny contains {"msg": sprintf("%s runs the Kubernetes Dashboard (%s)", [k8s.describe(c), c.image]), "line": lib.line_of(c, "image")} if {
	some c in k8s.containers
	is_string(c.image)
	regex.match(`kubernetesui/dashboard|kubernetes-dashboard`, c.image)
}
