package shiftgate.rules.terraform.TF_AZ_040

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-040",
	"title": "Redis firewall rule admits public addresses",
	"severity": "critical",
	"description": "A Redis firewall rule whose range includes public internet addresses lets those hosts reach the cache.",
	"remediation": "Limit `start_ip`/`end_ip` to private addresses, or use private endpoints.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/redis_firewall_rule",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s admits %s-%s", [tf.rname(r), r.config.start_ip, r.config.end_ip]), "line": tf.line(r, "start_ip"), "path": r.path} if {
	some r in input.by_type.azurerm_redis_firewall_rule
	r.type == "azurerm_redis_firewall_rule"
	is_string(r.config.start_ip)
	is_string(r.config.end_ip)
	some ip in [r.config.start_ip, r.config.end_ip]
	tf.ip_number(ip)
	not tf.private_ip(ip)
}
