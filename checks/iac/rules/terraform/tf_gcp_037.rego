package shiftgate.rules.terraform.TF_GCP_037

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-037",
	"title": "GKE cluster logging or monitoring disabled",
	"severity": "medium",
	"description": "With logging_service or monitoring_service set to none, the cluster's audit and workload logs or metrics are not collected.",
	"remediation": "Remove `logging_service = \"none\"` / `monitoring_service = \"none\"` (the defaults collect them).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster",
	],
	"cwe": [
		"CWE-778",
	],
}

deny contains {"msg": sprintf("%s sets %s to none", [tf.rname(r), k]), "line": tf.line(r, k), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type == "google_container_cluster"
	some k in ["logging_service", "monitoring_service"]
	r.config[k] == "none"
}
