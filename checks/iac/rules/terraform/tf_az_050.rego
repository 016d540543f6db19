package shiftgate.rules.terraform.TF_AZ_050

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-050",
	"title": "Storage account accepts TLS older than 1.2",
	"severity": "medium",
	"description": "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996).",
	"remediation": "Set `min_tls_version = \"TLS1_2\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account",
	],
	"cwe": [
		"CWE-326",
	],
	"cis": ["CIS Azure Foundations 2.0.0 3.15"],
}

deny contains {"msg": sprintf("%s accepts %s", [tf.rname(r), v]), "line": tf.line(r, "min_tls_version"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	v := r.config.min_tls_version
	v in {"TLS1_0", "TLS1_1"}
}
