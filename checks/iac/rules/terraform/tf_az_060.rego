package shiftgate.rules.terraform.TF_AZ_060

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-060",
	"title": "Application Gateway WAF disabled",
	"severity": "medium",
	"description": "An Application Gateway whose WAF configuration is disabled passes every request to the backends unfiltered.",
	"remediation": "Set `waf_configuration { enabled = true firewall_mode = \"Prevention\" }` or attach a firewall policy.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/application_gateway",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s disables its WAF", [tf.rname(r)]), "line": tf.pline(r, ["waf_configuration", "enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_application_gateway
	r.type == "azurerm_application_gateway"
	tf.false_at(r, ["waf_configuration", "enabled"])
}
