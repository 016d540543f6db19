package shiftgate.rules.terraform.TF_AZ_061

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-061",
	"title": "Activity log kept less than a year",
	"severity": "low",
	"description": "CIS asks that the activity log be retained for at least 365 days (or indefinitely: 0).",
	"remediation": "Set `retention_policy { enabled = true days = 365 }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/monitor_log_profile",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 5.1.2"],
}

deny contains {"msg": sprintf("%s keeps the activity log %v days", [tf.rname(r), d]), "line": tf.pline(r, ["retention_policy", "days"]), "path": r.path} if {
	some r in input.by_type.azurerm_monitor_log_profile
	r.type == "azurerm_monitor_log_profile"
	tf.is_on(r, ["retention_policy", "enabled"])
	d := tf.at(r, ["retention_policy", "days"])
	is_number(d)
	d < 365
}
