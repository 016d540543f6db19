package shiftgate.rules.terraform.TF_AZ_035

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-035",
	"title": "Storage account open to the public",
	"severity": "high",
	"description": "A storage account that allows public blob access, allows all networks, or lists 0.0.0.0/0 in its IP rules can be read from anywhere.",
	"remediation": "Set `allow_nested_items_to_be_public = false`, `network_rules { default_action = \"Deny\" }` and list specific IP ranges.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS Azure Foundations 1.3.0 3.5"],
}

world(c) if regex.match(`^\s*0\.0\.0\.0(/0)?\s*$`, c)

deny contains {"msg": sprintf("%s allows %s in its IP rules", [tf.rname(r), c]), "line": lib.line_of(n, "ip_rules"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	n := tf.first(r.config.network_rules)
	some c in n.ip_rules
	world(c)
}

deny contains {"msg": sprintf("%s allows %s in its IP rules", [tf.rname(r), c]), "line": tf.line(r, "ip_rules"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account_network_rules
	r.type == "azurerm_storage_account_network_rules"
	some c in r.config.ip_rules
	world(c)
}

deny contains {"msg": sprintf("%s allows every network and lists no IP rules", [tf.rname(r)]), "line": n.__line__, "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	n := tf.first(r.config.network_rules)
	lower(n.default_action) == "allow"
	count(object.get(n, "ip_rules", [])) == 0
}

deny contains {"msg": sprintf("%s allows every network and lists no IP rules", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_storage_account_network_rules
	r.type == "azurerm_storage_account_network_rules"
	lower(r.config.default_action) == "allow"
	count(object.get(r.config, "ip_rules", [])) == 0
}

deny contains {"msg": sprintf("%s allows public blob access", [tf.rname(r)]), "line": tf.line(r, k), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	some k in ["allow_blob_public_access", "allow_nested_items_to_be_public"]
	tf.is_on(r, [k])
}
