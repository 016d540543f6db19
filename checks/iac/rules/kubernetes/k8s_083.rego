package shiftgate.rules.kubernetes.K8S_083

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-083",
	"title": "PodSecurityPolicy admits root containers",
	"severity": "high",
	"description": "runAsUser rule RunAsAny (or no runAsUser) lets pods run as root; supplementalGroups and fsGroup RunAsAny let them use the root group.",
	"remediation": "Set runAsUser.rule: MustRunAsNonRoot and supplementalGroups/fsGroup rules MustRunAs with ranges that exclude 0.",
	"references": ["https://kubernetes.io/docs/concepts/security/pod-security-policy/"],
	"cwe": ["CWE-250"],
	"cis": ["CIS Kubernetes 1.6.0 5.2.6"],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q: %s rule is RunAsAny", [k8s.name, key]), "line": lib.line_of(k8s.resource.spec[key], "rule")} if {
	k8s.kind == "PodSecurityPolicy"
	some key in ["runAsUser", "supplementalGroups", "fsGroup"]
	k8s.resource.spec[key].rule == "RunAsAny"
}

deny contains {"msg": sprintf("PodSecurityPolicy %q: %s ranges admit id 0", [k8s.name, key]), "line": lib.line_of(k8s.resource.spec, key)} if {
	k8s.kind == "PodSecurityPolicy"
	some key in ["runAsUser", "supplementalGroups", "fsGroup"]
	k8s.resource.spec[key].rule == "MustRunAs"
	some r in k8s.resource.spec[key].ranges
	r.min == 0
}
