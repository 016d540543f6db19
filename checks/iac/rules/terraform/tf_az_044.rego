package shiftgate.rules.terraform.TF_AZ_044

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-044",
	"title": "Defender for Cloud plan on the free tier",
	"severity": "medium",
	"description": "The Free tier of Microsoft Defender for Cloud gives no threat detection for the resource type.",
	"remediation": "Set `tier = \"Standard\"` on `azurerm_security_center_subscription_pricing`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/security_center_subscription_pricing",
	],
	"cwe": [
		"CWE-693",
	],
	"cis": ["CIS Azure Foundations 1.3.0 2.1"],
}

deny contains {"msg": sprintf("%s uses the %s tier", [tf.rname(r), r.config.tier]), "line": tf.line(r, "tier"), "path": r.path} if {
	some r in input.by_type.azurerm_security_center_subscription_pricing
	r.type == "azurerm_security_center_subscription_pricing"
	lower(r.config.tier) == "free"
}
