package shiftgate.rules.terraform.TF_GCP_007

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-007",
	"title": "GKE legacy ABAC authorization enabled",
	"severity": "high",
	"description": "Legacy ABAC grants broad, static permissions that bypass Kubernetes RBAC.",
	"remediation": "Remove `enable_legacy_abac = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster",
	],
	"cwe": [
		"CWE-285",
	],
}

deny contains {"msg": sprintf("%s enables legacy ABAC authorization", [tf.rname(r)]), "line": tf.pline(r, ["enable_legacy_abac"]), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type in {"google_container_cluster"}
	tf.is_on(r, ["enable_legacy_abac"])
}
