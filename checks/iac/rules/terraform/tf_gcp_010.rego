package shiftgate.rules.terraform.TF_GCP_010

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-010",
	"title": "Subnetwork without Private Google Access",
	"severity": "low",
	"description": "Without Private Google Access, VMs without external IPs cannot reach Google APIs, which pushes teams to give them public IPs.",
	"remediation": "Set `private_ip_google_access = true`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_subnetwork",
	],
	"cwe": [
		"CWE-668",
	],
}

deny contains {"msg": sprintf("%s does not enable Private Google Access", [tf.rname(r)]), "line": tf.pline(r, ["private_ip_google_access"]), "path": r.path} if {
	some r in input.by_type.google_compute_subnetwork
	r.type in {"google_compute_subnetwork"}
	tf.off(r, ["private_ip_google_access"])
}
