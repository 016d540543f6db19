package shiftgate.rules.terraform.TF_GCP_018

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-018",
	"title": "GKE network policy enforcement disabled",
	"severity": "medium",
	"description": "Without network policy enforcement every pod can reach every other pod; Kubernetes NetworkPolicy objects have no effect.",
	"remediation": "Set `network_policy { enabled = true }` and `addons_config { network_policy_config { disabled = false } }`, or use Dataplane V2 (`datapath_provider = \"ADVANCED_DATAPATH\"`).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

dataplane_v2(r) if tf.at(r, ["datapath_provider"]) == "ADVANCED_DATAPATH"

deny contains {"msg": sprintf("%s does not enable network policy", [tf.rname(r)]), "line": tf.pline(r, ["network_policy", "enabled"]), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type == "google_container_cluster"
	not dataplane_v2(r)
	tf.off(r, ["network_policy", "enabled"])
}

deny contains {"msg": sprintf("%s does not enable the network policy add-on", [tf.rname(r)]), "line": tf.pline(r, ["addons_config", "network_policy_config", "disabled"]), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type == "google_container_cluster"
	not dataplane_v2(r)
	tf.is_on(r, ["network_policy", "enabled"])
	not tf.false_at(r, ["addons_config", "network_policy_config", "disabled"])
}
