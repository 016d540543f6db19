package shiftgate.rules.terraform.TF_GCP_036

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-036",
	"title": "GKE cluster without private nodes",
	"severity": "medium",
	"description": "Without private nodes, every GKE node has a public IP address.",
	"remediation": "Add `private_cluster_config { enable_private_nodes = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("%s gives its nodes public IPs", [tf.rname(r)]), "line": tf.pline(r, ["private_cluster_config", "enable_private_nodes"]), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type in {"google_container_cluster"}
	tf.off(r, ["private_cluster_config", "enable_private_nodes"])
}
