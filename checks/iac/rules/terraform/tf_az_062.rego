package shiftgate.rules.terraform.TF_AZ_062

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-062",
	"title": "Key Vault reachable from every network",
	"severity": "medium",
	"description": "A vault without network ACLs, or with default action Allow, accepts requests from any network.",
	"remediation": "Add `network_acls { default_action = \"Deny\" bypass = \"AzureServices\" }` and list the networks that need it.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s accepts requests from every network", [tf.rname(r)]), "line": tf.pline(r, ["network_acls", "default_action"]), "path": r.path} if {
	some r in input.by_type.azurerm_key_vault
	r.type == "azurerm_key_vault"
	not denied(r)
	not lib.is_false(object.get(r.config, "public_network_access_enabled", true))
	not tf.ref_at(r, ["network_acls", "default_action"])
}

denied(r) if tf.at(r, ["network_acls", "default_action"]) == "Deny"
