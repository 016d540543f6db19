package shiftgate.rules.terraform.TF_AZ_011

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-011",
	"title": "Front Door endpoint without a WAF policy",
	"severity": "medium",
	"description": "A Front Door frontend without a web application firewall policy passes every request to the backends unfiltered.",
	"remediation": "Set `web_application_firewall_policy_link_id` on the frontend endpoint (or attach a security policy with a WAF).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/frontdoor",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s frontend %q has no WAF policy", [tf.rname(r), object.get(e, "name", "")]), "line": e.__line__, "path": r.path} if {
	some r in input.by_type.azurerm_frontdoor
	r.type == "azurerm_frontdoor"
	some e in r.config.frontend_endpoint
	not e.web_application_firewall_policy_link_id
}
