package shiftgate.rules.kubernetes.K8S_041

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-041",
	"title": "CronJob without a starting deadline",
	"severity": "low",
	"description": "Without startingDeadlineSeconds a CronJob that missed many runs can start them all at once.",
	"remediation": "Set `spec.startingDeadlineSeconds`.",
	"references": [
		"https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/",
	],
	"cwe": [
		"CWE-400",
	],
}

deny contains {"msg": sprintf("CronJob %q sets no startingDeadlineSeconds", [k8s.name]), "line": lib.line_of(k8s.resource, "spec")} if {
	k8s.kind == "CronJob"
	not k8s.resource.spec.startingDeadlineSeconds
}
