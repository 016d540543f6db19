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

secretish(n) if {
	regex.match(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|access_?key|credential|auth)`, n)

	# ALLOYDB_SECRET_NAME, TOKEN_FILE, PASSWORD_PATH name where a secret is, not the secret.
	not regex.match(`(?i)_(name|file|path|dir|ref|mount)$`, n)
}

# A placeholder is not a secret: the variable's own name in the value
# (GOOGLE_API_KEY_VAL), <angle brackets>, or a word that says "fill me in".
placeholder(name, v) if contains(upper(v), upper(name))

placeholder(_, v) if regex.match(`^<[^>]*>$`, v)

placeholder(_, v) if regex.match(`(?i)^(changeme|change_me|replaceme|replace_me|placeholder|example|todo|x{4,}|\*{4,})$`, v)

deny contains {"msg": sprintf("%s sets secret-looking variable %s to a literal value", [k8s.describe(c), e.name]), "line": lib.line_of(e, "value")} if {
	some c in k8s.containers
	some e in c.env
	secretish(e.name)
	is_string(e.value)
	count(e.value) >= 4
	not regex.match(`^\$\(|^\$\{`, e.value)
	not placeholder(e.name, e.value)
}
