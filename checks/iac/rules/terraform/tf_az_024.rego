package shiftgate.rules.terraform.TF_AZ_024

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-024",
	"title": "Key Vault secret without an expiration date",
	"severity": "medium",
	"description": "A secret that never expires is never rotated by policy; CIS asks for an expiration on every secret.",
	"remediation": "Set `expiration_date` (RFC 3339) on `azurerm_key_vault_secret`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault_secret",
	],
	"cwe": [
		"CWE-324",
	],
	"cis": ["CIS Azure Foundations 1.3.0 8.2"],
}

deny contains {"msg": sprintf("%s has no expiration date", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_key_vault_secret
	r.type in {"azurerm_key_vault_secret"}
	tf.unset(r, ["expiration_date"])
}
