package shiftgate.rules.terraform.TF_GCP_024

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-024",
	"title": "GKE shielded nodes disabled",
	"severity": "medium",
	"description": "Shielded GKE nodes give verifiable node identity and integrity; without them a compromised node can impersonate others.",
	"remediation": "Remove `enable_shielded_nodes = false` (shielded nodes are the default).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster",
	],
	"cwe": [
		"CWE-693",
	],
}

deny contains {"msg": sprintf("%s disables shielded nodes", [tf.rname(r)]), "line": tf.pline(r, ["enable_shielded_nodes"]), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type in {"google_container_cluster"}
	lib.is_false(tf.at(r, ["enable_shielded_nodes"]))
}
