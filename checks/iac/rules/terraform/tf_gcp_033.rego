package shiftgate.rules.terraform.TF_GCP_033

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-033",
	"title": "Cloud SQL instance reachable from any address",
	"severity": "critical",
	"description": "An authorized network of 0.0.0.0/0 lets the whole internet try to log in to the database.",
	"remediation": "List specific networks in `authorized_networks`, or use private IP only.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS GCP Foundations 1.3.0 6.5"],
}

deny contains {"msg": sprintf("%s authorizes %s", [tf.rname(r), a.value]), "line": lib.line_of(a, "value"), "path": r.path} if {
	some r in input.by_type.google_sql_database_instance
	r.type == "google_sql_database_instance"
	ip := tf.first(tf.at(r, ["settings", "ip_configuration"]))
	some a in tf.as_array(object.get(ip, "authorized_networks", []))
	a.value in tf.world
}
