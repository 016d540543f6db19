package shiftgate.rules.terraform.TF_AZ_014

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-014",
	"title": "Storage account network access allowed by default",
	"severity": "medium",
	"description": "With the default network action Allow (or public network access on and no network rules) a storage account accepts traffic from every network.",
	"remediation": "Set `network_rules { default_action = \"Deny\" }` and list the networks that need access, or `public_network_access_enabled = false`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS Azure Foundations 1.3.0 3.6"],
}

deny contains {"msg": sprintf("%s allows every network by default", [tf.rname(r)]), "line": tf.pline(r, ["network_rules", "default_action"]), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	lower(tf.at(r, ["network_rules", "default_action"])) == "allow"
}

deny contains {"msg": sprintf("%s allows every network by default", [tf.rname(r)]), "line": tf.line(r, "default_action"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account_network_rules
	r.type == "azurerm_storage_account_network_rules"
	lower(r.config.default_action) == "allow"
}

deny contains {"msg": sprintf("%s allows public network access and sets no network rules", [tf.rname(r)]), "line": tf.pline(r, ["public_network_access_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	not lib.is_false(object.get(r.config, "public_network_access_enabled", true))
	tf.unset(r, ["network_rules"])
	not separate_rules(r)
}

separate_rules(r) if {
	some n in input.by_type.azurerm_storage_account_network_rules
	n.type == "azurerm_storage_account_network_rules"
	some k in ["storage_account_id", "storage_account_name"]
	tf.refers(n.config[k], r)
}
