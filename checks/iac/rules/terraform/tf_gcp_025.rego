package shiftgate.rules.terraform.TF_GCP_025

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-025",
	"title": "Cloud SQL instance does not require SSL",
	"severity": "high",
	"description": "Without required SSL, clients can connect to the database in clear text.",
	"remediation": "Set `settings { ip_configuration { ssl_mode = \"ENCRYPTED_ONLY\" } }` (or `require_ssl = true` in older providers).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance",
	],
	"cwe": [
		"CWE-319",
	],
	"cis": ["CIS GCP Foundations 1.3.0 6.4"],
}

enforced(r) if tf.is_on(r, ["settings", "ip_configuration", "require_ssl"])

enforced(r) if tf.at(r, ["settings", "ip_configuration", "ssl_mode"]) in {"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}

deny contains {"msg": sprintf("%s does not require SSL", [tf.rname(r)]), "line": tf.pline(r, ["settings", "ip_configuration", "require_ssl"]), "path": r.path} if {
	some r in input.by_type.google_sql_database_instance
	r.type == "google_sql_database_instance"
	not enforced(r)
	not tf.ref_at(r, ["settings", "ip_configuration", "require_ssl"])
	not tf.ref_at(r, ["settings", "ip_configuration", "ssl_mode"])
}
