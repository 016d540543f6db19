package shiftgate.rules.terraform.TF_GCP_019

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-019",
	"title": "GKE node auto-upgrade disabled",
	"severity": "medium",
	"description": "Without auto-upgrade, nodes keep running Kubernetes and OS versions with known vulnerabilities.",
	"remediation": "Set `management { auto_upgrade = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool",
	],
	"cwe": [
		"CWE-1104",
	],
}

deny contains {"msg": sprintf("%s does not enable node auto-upgrade", [tf.rname(r)]), "line": tf.pline(r, ["management", "auto_upgrade"]), "path": r.path} if {
	some r in input.by_type.google_container_node_pool
	r.type == "google_container_node_pool"
	tf.off(r, ["management", "auto_upgrade"])
}
