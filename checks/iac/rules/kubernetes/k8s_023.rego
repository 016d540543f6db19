package shiftgate.rules.kubernetes.K8S_023

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-023",
	"title": "Secret value in an environment variable",
	"severity": "high",
	"description": "A password, token or key written as a literal env value is stored in the manifest, in git and in the API server unencrypted.",
	"remediation": "Move the value into a Secret and reference it with `valueFrom.secretKeyRef` (or mount it as a file).",
	"references": [
		"https://kubernetes.io/docs/concepts/configuration/secret/",
		"CIS Kubernetes Benchmark 5.4.1",
	],
	"cwe": [
		"CWE-798",
	],
	"redact": true,
}

secretish(n) if regex.match(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|access_?key|credential|auth)`, n)

deny contains {"msg": sprintf("%s sets secret-looking variable %s to a literal value", [k8s.describe(c), e.name]), "line": lib.line_of(e, "value")} if {
	some c in k8s.containers
	some e in c.env
	secretish(e.name)
	is_string(e.value)
	count(e.value) >= 4
	not regex.match(`^\$\(|^\$\{`, e.value)
}
