package shiftgate.rules.terraform.TF_AZ_013

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-013",
	"title": "AKS Kubernetes dashboard enabled",
	"severity": "medium",
	"description": "The Kubernetes dashboard add-on has been abused to take over clusters; it is deprecated on AKS.",
	"remediation": "Remove `addon_profile { kube_dashboard { enabled = true } }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s enables the Kubernetes dashboard", [tf.rname(r)]), "line": tf.pline(r, ["addon_profile", "kube_dashboard", "enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_kubernetes_cluster
	r.type in {"azurerm_kubernetes_cluster"}
	tf.is_on(r, ["addon_profile", "kube_dashboard", "enabled"])
}
