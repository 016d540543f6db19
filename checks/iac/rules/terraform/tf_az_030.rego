package shiftgate.rules.terraform.TF_AZ_030

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-030",
	"title": "Network Watcher flow log disabled",
	"severity": "medium",
	"description": "A disabled flow log records no traffic of the network security group.",
	"remediation": "Set `enabled = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_watcher_flow_log",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s is disabled", [tf.rname(r)]), "line": tf.pline(r, ["enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_network_watcher_flow_log
	r.type in {"azurerm_network_watcher_flow_log"}
	lib.is_false(tf.at(r, ["enabled"]))
}
