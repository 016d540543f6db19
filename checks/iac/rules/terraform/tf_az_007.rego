package shiftgate.rules.terraform.TF_AZ_007

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-007",
	"title": "App Service runs an outdated PHP version",
	"severity": "low",
	"description": "PHP 7.x and 8.0 no longer get security fixes from the PHP project.",
	"remediation": "Set `php_version` to a supported release (8.2 or later).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app",
	],
	"cwe": [
		"CWE-1104",
	],
	"cis": ["CIS Azure Foundations 1.3.0 9.6"],
}

old(v) if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`^v?([0-9]+)\.([0-9]+)`, v, 1)
	count(m) == 1
	major := to_number(m[0][1])
	minor := to_number(m[0][2])
	(major * 100) + minor < 802
}

deny contains {"msg": sprintf("%s runs PHP %s", [tf.rname(r), v]), "line": tf.pline(r, p), "path": r.path} if {
	some t_ in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some r in input.by_type[t_]
	r.type in {"azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"}
	some p in [["site_config", "php_version"], ["site_config", "application_stack", "php_version"]]
	v := tf.at(r, p)
	old(v)
}
