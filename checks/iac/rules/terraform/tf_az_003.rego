package shiftgate.rules.terraform.TF_AZ_003

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-003",
	"title": "AKS role-based access control disabled",
	"severity": "high",
	"description": "Without Kubernetes RBAC every authenticated user of the cluster is effectively an administrator.",
	"remediation": "Set `role_based_access_control_enabled = true` (or `role_based_access_control { enabled = true }` in provider 2.x).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster",
	],
	"cwe": [
		"CWE-285",
	],
	"cis": ["CIS Azure Foundations 1.3.0 8.5"],
}

deny contains {"msg": sprintf("%s disables Kubernetes RBAC", [tf.rname(r)]), "line": tf.pline(r, ["role_based_access_control", "enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_kubernetes_cluster
	r.type in {"azurerm_kubernetes_cluster"}
	lib.is_false(tf.at(r, ["role_based_access_control", "enabled"]))
}

deny contains {"msg": sprintf("%s disables Kubernetes RBAC", [tf.rname(r)]), "line": tf.pline(r, ["role_based_access_control_enabled"]), "path": r.path} if {
	some r in input.by_type.azurerm_kubernetes_cluster
	r.type in {"azurerm_kubernetes_cluster"}
	lib.is_false(tf.at(r, ["role_based_access_control_enabled"]))
}
