package shiftgate.rules.kubernetes.K8S_037

import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-037",
	"title": "Liveness probe not defined",
	"severity": "info",
	"description": "Without a liveness probe a hung container is never restarted.",
	"remediation": "Add a `livenessProbe` to the container.",
	"references": [
		"https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
	],
	"cwe": [
		"CWE-703",
	],
}

deny contains {"msg": sprintf("%s has no livenessProbe", [k8s.describe(c)]), "line": c.__line__} if {
	not k8s.kind in {"Job", "CronJob"}
	some c in k8s.app_containers
	not c.livenessProbe
}
