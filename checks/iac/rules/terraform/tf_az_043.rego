package shiftgate.rules.terraform.TF_AZ_043

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-043",
	"title": "Custom role can create role definitions",
	"severity": "medium",
	"description": "A role that may write role definitions (or do everything) lets its holders grant themselves any permission.",
	"remediation": "Remove `Microsoft.Authorization/roleDefinitions/write` and `*` from the role's actions.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/role_definition",
	],
	"cwe": [
		"CWE-269",
	],
	"cis": ["CIS Azure Foundations 1.3.0 1.21"],
}

deny contains {"msg": sprintf("%s allows %s", [tf.rname(r), a]), "line": lib.line_of(p, "actions"), "path": r.path} if {
	some r in input.by_type.azurerm_role_definition
	r.type == "azurerm_role_definition"
	some p in tf.as_array(r.config.permissions)
	some a in p.actions
	lower(a) in {"*", "microsoft.authorization/roledefinitions/write", "microsoft.authorization/*", "microsoft.authorization/roledefinitions/*", "microsoft.authorization/*/write"}
}
