package shiftgate.rules.terraform.TF_AZ_056

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-056",
	"title": "Storage container readable anonymously",
	"severity": "high",
	"description": "A container with access type blob or container serves its blobs (and, for container, the listing) to anyone without authentication.",
	"remediation": "Set `container_access_type = \"private\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_container",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS Azure Foundations 1.3.0 3.5"],
}

deny contains {"msg": sprintf("%s allows anonymous %s access", [tf.rname(r), r.config.container_access_type]), "line": tf.line(r, "container_access_type"), "path": r.path} if {
	some r in input.by_type.azurerm_storage_container
	r.type == "azurerm_storage_container"
	r.config.container_access_type in {"blob", "container"}
}
