package shiftgate.rules.terraform.TF_AZ_037

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-037",
	"title": "SSH open to the internet",
	"severity": "high",
	"description": "An inbound Allow rule from any internet address to port 22 exposes SSH to brute force and exploits.",
	"remediation": "Restrict `source_address_prefix` to known ranges, or reach the VMs through Azure Bastion or a VPN.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS Azure Foundations 1.3.0 6.2"],
}

deny contains {"msg": sprintf("%s allows port 22 from %s", [tf.rname(g.r), src]), "line": tf.nsg_port_line(g), "path": g.r.path} if {
	some g in tf.nsg_rules
	tf.nsg_inbound_allow(g)
	tf.nsg_protocol_covers(g, "tcp")
	some src in tf.nsg_sources(g)
	tf.internet_source(src)
	some p in tf.nsg_ports(g)
	p[0] <= 22
	22 <= p[1]
}
