package shiftgate.rules.kubernetes.K8S_084

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-084",
	"title": "Role can exec into pods",
	"severity": "high",
	"description": "A Role or ClusterRole with pods/exec lets its subjects run commands in any pod's containers, reading their secrets and acting with their service accounts.",
	"remediation": "Remove pods/exec from the role; grant it only to break-glass administrators.",
	"references": ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
	"cwe": ["CWE-269"],
}

deny contains {"msg": sprintf("%s %q grants pods/exec", [k8s.kind, k8s.name]), "line": lib.line_of(r, "resources")} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	some res in r.resources
	glob.match(res, ["/"], "pods/exec")
	some v in r.verbs
	v in {"*", "create", "get"}
}
