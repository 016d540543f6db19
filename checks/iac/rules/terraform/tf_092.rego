package shiftgate.rules.terraform.TF_092

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-092",
	"title": "EKS control plane logs not all enabled",
	"severity": "low",
	"description": "Without api, audit, authenticator, controllerManager and scheduler logs, control plane activity cannot be investigated.",
	"remediation": "Set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"]`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster",
	],
	"cwe": [
		"CWE-778",
	],
}

all_types := {"api", "audit", "authenticator", "controllerManager", "scheduler"}

deny contains {"msg": sprintf("%s does not log %s", [tf.rname(r), concat(", ", sort(missing))]), "line": tf.pline(r, ["enabled_cluster_log_types"]), "path": r.path} if {
	some r in input.by_type.aws_eks_cluster
	r.type == "aws_eks_cluster"
	got := {t | some t in object.get(r.config, "enabled_cluster_log_types", [])}
	missing := all_types - got
	count(missing) > 0
	not tf.ref_at(r, ["enabled_cluster_log_types"])
}
