package shiftgate.rules.terraform.TF_AZ_036

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-036",
	"title": "RDP open to the internet",
	"severity": "high",
	"description": "An inbound Allow rule from any internet address to port 3389 exposes Remote Desktop to brute force and exploits.",
	"remediation": "Restrict `source_address_prefix` to known ranges, or reach the VMs through Azure Bastion or a VPN.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS Azure Foundations 1.3.0 6.1"],
}

deny contains {"msg": sprintf("%s allows port 3389 from %s", [tf.rname(g.r), src]), "line": tf.nsg_port_line(g), "path": g.r.path} if {
	some g in tf.nsg_rules
	tf.nsg_inbound_allow(g)
	tf.nsg_protocol_covers(g, "tcp")
	some src in tf.nsg_sources(g)
	tf.internet_source(src)
	some p in tf.nsg_ports(g)
	p[0] <= 3389
	3389 <= p[1]
}
