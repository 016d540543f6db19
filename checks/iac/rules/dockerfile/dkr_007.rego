package shiftgate.rules.dockerfile.DKR_007

import data.shiftgate.lib.docker

metadata := {
	"id": "DKR-007",
	"title": "Secret in ENV or ARG",
	"severity": "high",
	"description": "ENV values and ARG values are stored in the image history and metadata: anyone who pulls the image can read them.",
	"remediation": "Use `RUN --mount=type=secret` (BuildKit secrets) for build secrets, and inject runtime secrets at run time.",
	"references": [
		"https://docs.docker.com/build/building/secrets/",
		"CIS Docker Benchmark 4.10",
	],
	"cwe": [
		"CWE-798",
	],
	"redact": true,
}

secretish(n) if regex.match(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|access_?key|credential)`, n)

deny contains {"msg": sprintf("ENV %s holds a secret in the image", [p.key]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "env"
	some p in i.pairs
	secretish(p.key)
	p.value != ""
	not startswith(p.value, "$")
}

deny contains {"msg": sprintf("ARG %s passes a secret through the build history", [name]), "line": i.line} if {
	some i in docker.instructions
	i.cmd == "arg"
	some a in i.args
	name := split(a, "=")[0]
	secretish(name)
}
