package shiftgate.rules.terraform.TF_AZ_023

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-023",
	"title": "Key Vault key without an expiration date",
	"severity": "medium",
	"description": "A key that never expires is never rotated by policy; CIS asks for an expiration on every key.",
	"remediation": "Set `expiration_date` (RFC 3339) on `azurerm_key_vault_key`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault_key",
	],
	"cwe": [
		"CWE-324",
	],
	"cis": ["CIS Azure Foundations 1.3.0 8.1"],
}

deny contains {"msg": sprintf("%s has no expiration date", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_key_vault_key
	r.type in {"azurerm_key_vault_key"}
	tf.unset(r, ["expiration_date"])
}
