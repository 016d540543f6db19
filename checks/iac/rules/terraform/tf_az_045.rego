package shiftgate.rules.terraform.TF_AZ_045

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-045",
	"title": "NSG flow logs kept less than 90 days",
	"severity": "medium",
	"description": "Flow logs kept for less than 90 days (or not retained) are gone before most intrusions are discovered.",
	"remediation": "Set `retention_policy { enabled = true days = 90 }` or more.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_watcher_flow_log",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 6.4"],
}

deny contains {"msg": sprintf("%s keeps flow logs %v days", [tf.rname(r), d]), "line": tf.pline(r, ["retention_policy", "days"]), "path": r.path} if {
	some r in input.by_type.azurerm_network_watcher_flow_log
	r.type == "azurerm_network_watcher_flow_log"
	d := tf.at(r, ["retention_policy", "days"])
	is_number(d)
	d < 90
	d != 0
	not tf.false_at(r, ["retention_policy", "enabled"])
}

deny contains {"msg": sprintf("%s does not retain flow logs", [tf.rname(r)]), "line": tf.pline(r, ["retention_policy", "enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_network_watcher_flow_log
	r.type == "azurerm_network_watcher_flow_log"
	lib.is_false(tf.at(r, ["retention_policy", "enabled"]))
}

deny contains {"msg": sprintf("%s has no retention policy", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_network_watcher_flow_log
	r.type == "azurerm_network_watcher_flow_log"
	tf.unset(r, ["retention_policy"])
}
