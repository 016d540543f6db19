package shiftgate.rules.terraform.TF_AZ_058

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-058",
	"title": "AKS cluster without a network policy",
	"severity": "medium",
	"description": "Without a network policy provider, Kubernetes NetworkPolicy objects have no effect and every pod can reach every other pod.",
	"remediation": "Set `network_profile { network_plugin = \"azure\" network_policy = \"azure\" }` (or calico/cilium).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s has no network policy provider", [tf.rname(r)]), "line": tf.pline(r, ["network_profile", "network_policy"]), "path": r.path} if {
	some r in input.by_type.azurerm_kubernetes_cluster
	r.type == "azurerm_kubernetes_cluster"
	tf.unset(r, ["network_profile", "network_policy"])
}
