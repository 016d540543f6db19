package shiftgate.rules.kubernetes.K8S_044

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-044",
	"title": "Tiller deployed",
	"severity": "high",
	"description": "Tiller (Helm 2) runs with broad cluster rights and an unauthenticated gRPC port.",
	"remediation": "Remove Tiller and use Helm 3, which has no in-cluster component.",
	"references": [
		"https://helm.sh/docs/faq/changes_since_helm2/#removal-of-tiller",
	],
	"cwe": [
		"CWE-306",
	],
}

deny contains {"msg": sprintf("%s deploys Tiller (%s)", [k8s.describe(c), c.image]), "line": lib.line_of(c, "image")} if {
	some c in k8s.containers
	contains(object.get(c, "image", ""), "tiller")
}
