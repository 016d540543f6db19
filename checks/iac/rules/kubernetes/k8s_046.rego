package shiftgate.rules.kubernetes.K8S_046

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-046",
	"title": "AppArmor profile unconfined",
	"severity": "medium",
	"description": "An unconfined AppArmor profile switches off the mandatory access control the runtime applies by default.",
	"remediation": "Use `runtime/default` or a custom profile.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s %q sets AppArmor annotation %s to unconfined", [k8s.kind, k8s.name, k]), "line": lib.line_of(k8s.pod_meta.annotations, k)} if {
	some k, v in k8s.pod_meta.annotations
	startswith(k, "container.apparmor.security.beta.kubernetes.io/")
	v == "unconfined"
}

deny contains {"msg": sprintf("%s sets appArmorProfile Unconfined", [k8s.describe(c)]), "line": lib.line_of(c.securityContext.appArmorProfile, "type")} if {
	some c in k8s.containers
	c.securityContext.appArmorProfile.type == "Unconfined"
}
