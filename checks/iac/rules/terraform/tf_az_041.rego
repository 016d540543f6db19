package shiftgate.rules.terraform.TF_AZ_041

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-041",
	"title": "Redis cache without a patch schedule",
	"severity": "low",
	"description": "Without a patch schedule, Redis updates are applied at times nobody chose or planned for.",
	"remediation": "Add a `patch_schedule { day_of_week = \"Sunday\" start_hour_utc = 2 }` block.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/redis_cache",
	],
	"cwe": [
		"CWE-1104",
	],
}

deny contains {"msg": sprintf("%s has no patch schedule", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.azurerm_redis_cache
	r.type in {"azurerm_redis_cache"}
	tf.unset(r, ["patch_schedule"])
}
