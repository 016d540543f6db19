package shiftgate.rules.kubernetes.K8S_085

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-085",
	"title": "Role can attach into pods",
	"severity": "high",
	"description": "A Role or ClusterRole with pods/attach lets its subjects attach to any pod's running containers, reading their secrets and acting with their service accounts.",
	"remediation": "Remove pods/attach from the role; grant it only to break-glass administrators.",
	"references": ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
	"cwe": ["CWE-269"],
}

deny contains {"msg": sprintf("%s %q grants pods/attach", [k8s.kind, k8s.name]), "line": lib.line_of(r, "resources")} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	some res in r.resources
	glob.match(res, ["/"], "pods/attach")
	some v in r.verbs
	v in {"*", "create", "get"}
}
