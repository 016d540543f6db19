package shiftgate.rules.terraform.TF_AZ_029

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-029",
	"title": "Network interface with a public IP address",
	"severity": "medium",
	"description": "A NIC with a public IP puts its VM directly on the internet instead of behind a load balancer, gateway or bastion.",
	"remediation": "Remove `public_ip_address_id`; expose services through a load balancer or Azure Bastion.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_interface",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("%s has a public IP address", [tf.rname(r)]), "line": lib.line_of(c, "public_ip_address_id"), "path": r.path} if {
	some r in input.by_type.azurerm_network_interface
	r.type == "azurerm_network_interface"
	some c in tf.as_array(r.config.ip_configuration)
	lib.has(c, "public_ip_address_id")
	c.public_ip_address_id != ""
}
