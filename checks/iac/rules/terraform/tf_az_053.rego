package shiftgate.rules.terraform.TF_AZ_053

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-053",
	"title": "Storage network rules block trusted Microsoft services",
	"severity": "medium",
	"description": "When network rules do not bypass AzureServices, backup, logging and Defender cannot reach the account, which pushes people to open it wider.",
	"remediation": "Add `\"AzureServices\"` to `bypass`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account_network_rules",
	],
	"cwe": [
		"CWE-693",
	],
	"cis": ["CIS Azure Foundations 1.3.0 3.7"],
}

deny contains {"msg": sprintf("%s does not let trusted Microsoft services bypass the network rules", [tf.rname(r)]), "line": lib.line_of(n, "bypass"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account
	r.type == "azurerm_storage_account"
	n := tf.first(r.config.network_rules)
	is_array(n.bypass)
	not "AzureServices" in n.bypass
}

deny contains {"msg": sprintf("%s does not let trusted Microsoft services bypass the network rules", [tf.rname(r)]), "line": tf.line(r, "bypass"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_account_network_rules
	r.type == "azurerm_storage_account_network_rules"
	is_array(r.config.bypass)
	not "AzureServices" in r.config.bypass
}
