package shiftgate.rules.terraform.TF_GCP_038

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-038",
	"title": "GKE basic authentication or client certificate enabled",
	"severity": "high",
	"description": "Static passwords and client certificates issued by the cluster cannot be revoked; Google disabled both for new clusters.",
	"remediation": "Remove `master_auth` username/password and set `issue_client_certificate = false`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster",
	],
	"cwe": [
		"CWE-287",
	],
}

deny contains {"msg": sprintf("%s uses basic authentication", [tf.rname(r)]), "line": lib.line_of(m, "username"), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type == "google_container_cluster"
	m := tf.first(r.config.master_auth)
	is_string(m.username)
	m.username != ""
}

deny contains {"msg": sprintf("%s issues client certificates", [tf.rname(r)]), "line": tf.pline(r, ["master_auth", "client_certificate_config", "issue_client_certificate"]), "path": r.path} if {
	some r in input.by_type.google_container_cluster
	r.type == "google_container_cluster"
	tf.is_on(r, ["master_auth", "client_certificate_config", "issue_client_certificate"])
}
