package shiftgate.rules.terraform.TF_AZ_038

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-038",
	"title": "Sensitive port open to the internet",
	"severity": "high",
	"description": "An inbound Allow rule from any address to a database, file-sharing, remote-access or cluster port exposes that service to the internet.",
	"remediation": "Restrict `source_address_prefix` to the networks that need the service.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule",
	],
	"cwe": [
		"CWE-284",
	],
}

# SSH (22) and RDP (3389) have rules of their own (TF-AZ-037, TF-AZ-036).
sensitive := {20, 21, 23, 25, 53, 110, 135, 137, 138, 139, 161, 389, 445, 636, 1433, 1434, 1521, 2375, 2376, 2379, 3306, 4333, 5432, 5500, 5601, 5900, 5984, 6379, 7000, 7001, 8020, 8086, 8888, 9042, 9160, 9200, 9300, 11211, 11214, 11215, 27017, 27018, 50070, 61620, 61621}

deny contains {"msg": sprintf("%s allows sensitive port %d from %s", [tf.rname(g.r), port, src]), "line": tf.nsg_port_line(g), "path": g.r.path} if {
	some g in tf.nsg_rules
	tf.nsg_inbound_allow(g)
	tf.nsg_tcp_udp(g)
	some src in tf.nsg_sources(g)
	tf.internet_source(src)
	some p in tf.nsg_ports(g)
	port := min([x | some x in sensitive; p[0] <= x; x <= p[1]])
}
