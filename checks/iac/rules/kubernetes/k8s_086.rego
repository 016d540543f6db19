package shiftgate.rules.kubernetes.K8S_086

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-086",
	"title": "Role can port-forward into pods",
	"severity": "high",
	"description": "A Role or ClusterRole with pods/portforward lets its subjects open tunnels into any pod's ports, reading their secrets and acting with their service accounts.",
	"remediation": "Remove pods/portforward from the role; grant it only to break-glass administrators.",
	"references": ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
	"cwe": ["CWE-269"],
}

deny contains {"msg": sprintf("%s %q grants pods/portforward", [k8s.kind, k8s.name]), "line": lib.line_of(r, "resources")} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	some res in r.resources
	glob.match(res, ["/"], "pods/portforward")
	some v in r.verbs
	v in {"*", "create", "get"}
}
