package shiftgate.rules.terraform.TF_AZ_042

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-042",
	"title": "Guest role assignment to a role with every action",
	"severity": "medium",
	"description": "Assigning a guest a role definition whose permissions include every action (\"*\") gives an outside identity full control of the scope.",
	"remediation": "Assign guests a narrowly scoped built-in role instead.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/role_assignment",
	],
	"cwe": [
		"CWE-269",
	],
}

deny contains {"msg": sprintf("%s gives a guest %s, which allows every action", [tf.rname(a), tf.rname(d)]), "line": tf.line(a, "role_definition_id"), "path": a.path} if {
	some a in input.by_type.azurerm_role_assignment
	a.type == "azurerm_role_assignment"
	lower(object.get(a.config, "role_definition_name", "")) == "guest"
	some d in input.by_type.azurerm_role_definition
	d.type == "azurerm_role_definition"
	tf.refers(a.config.role_definition_id, d)
	some p in tf.as_array(d.config.permissions)
	"*" in p.actions
}
