package shiftgate.rules.terraform.TF_AZ_052

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-052",
	"title": "Storage table access policy grants every permission",
	"severity": "medium",
	"description": "A stored access policy with read, write, delete and list (rwdl) on a table lets every SAS token built on it do anything.",
	"remediation": "Grant only the permissions the token holders need.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_table",
	],
	"cwe": [
		"CWE-732",
	],
}

deny contains {"msg": sprintf("%s access policy grants %s", [tf.rname(r), p.permissions]), "line": lib.line_of(p, "permissions"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_table
	r.type == "azurerm_storage_table"
	some a in tf.as_array(r.config.acl)
	some p in tf.as_array(a.access_policy)
	perms := p.permissions
	every c in ["r", "w", "d", "l"] {
		contains(perms, c)
	}
}
