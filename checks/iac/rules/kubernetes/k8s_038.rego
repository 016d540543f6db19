package shiftgate.rules.kubernetes.K8S_038

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-038",
	"title": "Readiness probe not defined",
	"severity": "info",
	"description": "Without a readiness probe traffic reaches a container before it can serve it.",
	"remediation": "Add a `readinessProbe` to the container.",
	"references": [
		"https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
	],
	"cwe": [
		"CWE-703",
	],
}

deny contains {"msg": sprintf("%s has no readinessProbe", [k8s.describe(c)]), "line": c.__line__} if {
	not k8s.kind in {"Job", "CronJob"}
	some c in k8s.app_containers
	not c.readinessProbe
}
