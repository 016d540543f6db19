package shiftgate.rules.terraform.TF_AZ_028

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-028",
	"title": "Network interface forwards IP traffic",
	"severity": "medium",
	"description": "IP forwarding lets a VM route traffic not addressed to it, bypassing network segmentation unless it is a deliberate appliance.",
	"remediation": "Set `ip_forwarding_enabled = false` (`enable_ip_forwarding` in provider 3.x) unless the VM is a network appliance.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_interface",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s forwards IP traffic", [tf.rname(r)]), "line": tf.pline(r, ["enable_ip_forwarding"]), "path": r.path} if {
	some r in input.by_type.azurerm_network_interface
	r.type in {"azurerm_network_interface"}
	tf.is_on(r, ["enable_ip_forwarding"])
}

deny contains {"msg": sprintf("%s forwards IP traffic", [tf.rname(r)]), "line": tf.pline(r, ["ip_forwarding_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_network_interface
	r.type in {"azurerm_network_interface"}
	tf.is_on(r, ["ip_forwarding_enabled"])
}
