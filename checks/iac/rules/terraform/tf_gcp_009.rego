package shiftgate.rules.terraform.TF_GCP_009

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-009",
	"title": "Network uses a firewall rule that allows every port",
	"severity": "medium",
	"description": "A firewall rule allowing every TCP/UDP port (0-65535 or no port list) lets its sources reach any service on the network.",
	"remediation": "List the ports each workload needs.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall",
	],
	"cwe": [
		"CWE-284",
	],
}

all_ports(a) if {
	lower(sprintf("%v", [a.protocol])) in {"tcp", "udp", "all", "sctp"}
	not a.ports
}

all_ports(a) if {
	some p in a.ports
	tf.port_range(p) == [0, 65535]
}

deny contains {"msg": sprintf("%s uses %s, which allows every port", [tf.rname(n), tf.rname(f)]), "line": n.line, "path": n.path} if {
	some n in input.by_type.google_compute_network
	n.type == "google_compute_network"
	some f in input.by_type.google_compute_firewall
	f.type == "google_compute_firewall"
	tf.refers(f.config.network, n)
	some a in tf.as_array(object.get(f.config, "allow", []))
	all_ports(a)
}
