package shiftgate.rules.terraform.TF_AZ_012

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-012",
	"title": "Cosmos DB account open to every network",
	"severity": "high",
	"description": "A Cosmos DB account without an IP range filter, virtual network filter or disabled public access accepts connections from anywhere.",
	"remediation": "Set `ip_range_filter`, enable `is_virtual_network_filter_enabled` with rules, or `public_network_access_enabled = false`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/cosmosdb_account",
	],
	"cwe": [
		"CWE-284",
	],
}

restricted(r) if tf.at(r, ["ip_range_filter"]) != ""

restricted(r) if {
	tf.is_on(r, ["is_virtual_network_filter_enabled"])
	tf.at(r, ["virtual_network_rule"])
}

restricted(r) if lib.is_false(tf.at(r, ["public_network_access_enabled"]))

deny contains {"msg": sprintf("%s accepts connections from every network", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_cosmosdb_account
	r.type == "azurerm_cosmosdb_account"
	not restricted(r)
}
