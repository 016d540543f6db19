package shiftgate.rules.terraform.TF_AZ_002

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-002",
	"title": "AKS API server reachable from the internet",
	"severity": "medium",
	"description": "An AKS cluster that is neither private nor limited to authorized IP ranges exposes its API server to the whole internet.",
	"remediation": "Set `private_cluster_enabled = true`, or restrict `api_server_access_profile { authorized_ip_ranges = [...] }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

restricted(r) if tf.at(r, ["api_server_authorized_ip_ranges"])

restricted(r) if tf.at(r, ["api_server_access_profile", "authorized_ip_ranges"])

deny contains {"msg": sprintf("%s exposes its API server publicly", [tf.rname(r)]), "line": tf.pline(r, ["private_cluster_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_kubernetes_cluster
	r.type == "azurerm_kubernetes_cluster"
	tf.off(r, ["private_cluster_enabled"])
	not restricted(r)
}
