package shiftgate.rules.terraform.TF_AZ_015

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-015",
	"title": "Security Center alert e-mails disabled",
	"severity": "medium",
	"description": "Without alert notifications nobody hears about high-severity Defender for Cloud alerts.",
	"remediation": "Set `alert_notifications = true` on `azurerm_security_center_contact`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/security_center_contact",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS Azure Foundations 1.3.0 2.14"],
}

deny contains {"msg": sprintf("%s does not send alert e-mails", [tf.rname(r)]), "line": tf.pline(r, ["alert_notifications"]), "path": r.path} if {
	some r in input.by_type.azurerm_security_center_contact
	r.type in {"azurerm_security_center_contact"}
	tf.off(r, ["alert_notifications"])
}
