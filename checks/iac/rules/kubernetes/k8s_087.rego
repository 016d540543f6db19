package shiftgate.rules.kubernetes.K8S_087

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-087",
	"title": "Role can impersonate",
	"severity": "high",
	"description": "A Role or ClusterRole with the impersonate verb lets its subjects act as other users, groups or service accounts, and so take their permissions.",
	"remediation": "Remove impersonate; grant it only to narrowly scoped, audited roles.",
	"references": ["https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation"],
	"cwe": ["CWE-269"],
}

deny contains {"msg": sprintf("%s %q grants impersonate", [k8s.kind, k8s.name]), "line": lib.line_of(r, "verbs")} if {
	k8s.is_rbac_role
	some r in k8s.resource.rules
	"impersonate" in r.verbs
}
