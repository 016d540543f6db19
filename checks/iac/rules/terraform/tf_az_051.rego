package shiftgate.rules.terraform.TF_AZ_051

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-051",
	"title": "Storage file share access policy grants every permission",
	"severity": "medium",
	"description": "A stored access policy with read, write, delete and list (rwdl) on a file share lets every SAS token built on it do anything.",
	"remediation": "Grant only the permissions the token holders need.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_share",
	],
	"cwe": [
		"CWE-732",
	],
}

deny contains {"msg": sprintf("%s access policy grants %s", [tf.rname(r), p.permissions]), "line": lib.line_of(p, "permissions"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_share
	r.type == "azurerm_storage_share"
	some a in tf.as_array(r.config.acl)
	some p in tf.as_array(a.access_policy)
	perms := p.permissions
	every c in ["r", "w", "d", "l"] {
		contains(perms, c)
	}
}
