package shiftgate.rules.terraform.TF_AZ_055

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-055",
	"title": "Key Vault without purge protection",
	"severity": "medium",
	"description": "Without purge protection a deleted vault and its keys can be purged at once, destroying everything encrypted with them.",
	"remediation": "Set `purge_protection_enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault",
	],
	"cwe": [
		"CWE-693",
	],
	"cis": ["CIS Azure Foundations 1.3.0 8.4"],
}

deny contains {"msg": sprintf("%s can be purged without protection", [tf.rname(r)]), "line": tf.pline(r, ["purge_protection_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_key_vault
	r.type in {"azurerm_key_vault"}
	tf.off(r, ["purge_protection_enabled"])
}
