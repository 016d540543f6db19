package shiftgate.rules.terraform.TF_AZ_010

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-010",
	"title": "Container registry without a resource lock",
	"severity": "medium",
	"description": "Without a management lock a registry (and every image in it) can be deleted by one mistaken or malicious call.",
	"remediation": "Add an `azurerm_management_lock` with `lock_level = \"CanNotDelete\"` whose scope is the registry.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/management_lock",
	],
	"cwe": [
		"CWE-693",
	],
}

locked(r) if {
	some l in input.by_type.azurerm_management_lock
	l.type == "azurerm_management_lock"
	tf.refers(l.config.scope, r)
}

deny contains {"msg": sprintf("%s has no management lock", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_container_registry
	r.type == "azurerm_container_registry"
	not locked(r)
}
