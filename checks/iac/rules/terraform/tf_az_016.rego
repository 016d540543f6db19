package shiftgate.rules.terraform.TF_AZ_016

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-016",
	"title": "Managed disk without disk encryption",
	"severity": "medium",
	"description": "A managed disk with encryption settings disabled, or with neither Azure Disk Encryption nor a disk encryption set, is protected by platform-managed keys only, which the customer cannot rotate or revoke.",
	"remediation": "Remove `enabled = false` from `encryption_settings`, or use a disk encryption set with a customer-managed key.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/managed_disk",
	],
	"cwe": [
		"CWE-311",
	],
	"cis": ["CIS Azure Foundations 1.3.0 7.2"],
}

deny contains {"msg": sprintf("%s disables disk encryption", [tf.rname(r)]), "line": tf.pline(r, ["encryption_settings", "enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_managed_disk
	r.type in {"azurerm_managed_disk"}
	lib.is_false(tf.at(r, ["encryption_settings", "enabled"]))
}

deny contains {"msg": sprintf("%s is encrypted with platform-managed keys only", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_managed_disk
	r.type == "azurerm_managed_disk"
	every k in ["encryption_settings", "disk_encryption_set_id", "secure_vm_disk_encryption_set_id"] {
		tf.unset(r, [k])
	}
}
