package shiftgate.rules.kubernetes.K8S_024

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-024",
	"title": "Secrets exposed as environment variables",
	"severity": "low",
	"description": "Environment variables leak into logs, crash dumps and child processes; secrets are safer mounted as files.",
	"remediation": "Mount the Secret as a volume instead of `secretKeyRef`/`envFrom.secretRef`.",
	"references": [
		"https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
		"CIS Kubernetes Benchmark 5.4.1",
	],
	"cwe": [
		"CWE-526",
	],
}

deny contains {"msg": sprintf("%s reads secret %q into variable %s", [k8s.describe(c), e.valueFrom.secretKeyRef.name, e.name]), "line": lib.line_of(e.valueFrom, "secretKeyRef")} if {
	some c in k8s.containers
	some e in c.env
	e.valueFrom.secretKeyRef
}

deny contains {"msg": sprintf("%s loads secret %q as environment variables", [k8s.describe(c), f.secretRef.name]), "line": lib.line_of(c, "envFrom")} if {
	some c in k8s.containers
	some f in c.envFrom
	f.secretRef
}
