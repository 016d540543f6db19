package shiftgate.rules.terraform.TF_031

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-031",
	"title": "Hard-coded AWS credentials in the provider",
	"severity": "critical",
	"description": "access_key/secret_key written in the provider block end up in git and in the state.",
	"remediation": "Use environment variables, a shared credentials profile or an assumed role.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration",
	],
	"cwe": [
		"CWE-798",
	],
	"redact": true,
}

deny contains {"msg": sprintf("provider %q has a hard-coded %s", [b.labels[0], k]), "line": b.body.__lines__[k], "path": b.path} if {
	some b in input.blocks
	b.block == "provider"
	some k in ["access_key", "secret_key"]
	v := b.body[k]
	is_string(v)
	regex.match(`^[A-Za-z0-9/+=]{16,}$`, v)
}
