package shiftgate.rules.kubernetes.K8S_042

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-042",
	"title": "Unmasked /proc",
	"severity": "high",
	"description": "procMount: Unmasked exposes the host's /proc paths the runtime normally hides.",
	"remediation": "Remove `procMount: Unmasked` (the default is Default).",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("%s sets procMount: Unmasked", [k8s.describe(c)]), "line": lib.line_of(c.securityContext, "procMount")} if {
	some c in k8s.containers
	c.securityContext.procMount == "Unmasked"
}
