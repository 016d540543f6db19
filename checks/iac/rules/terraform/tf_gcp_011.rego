package shiftgate.rules.terraform.TF_GCP_011

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-011",
	"title": "GKE node pool auto-repair disabled",
	"severity": "medium",
	"description": "Without auto-repair, failing nodes stay in the pool and keep running (or failing) workloads.",
	"remediation": "Set `management { auto_repair = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s does not enable node auto-repair", [tf.rname(r)]), "line": tf.pline(r, ["management", "auto_repair"]), "path": r.path} if {
	some r in input.by_type.google_container_node_pool
	r.type == "google_container_node_pool"
	tf.off(r, ["management", "auto_repair"])
}
