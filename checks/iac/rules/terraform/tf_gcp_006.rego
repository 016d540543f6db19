package shiftgate.rules.terraform.TF_GCP_006

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-006",
	"title": "DNSSEC signs with RSASHA1",
	"severity": "medium",
	"description": "RSASHA1 relies on SHA-1, which is broken for collision resistance; CIS asks for stronger DNSSEC algorithms.",
	"remediation": "Use `algorithm = \"rsasha256\"` (or ecdsap256sha256) in `default_key_specs`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dns_managed_zone",
	],
	"cwe": [
		"CWE-327",
	],
	"cis": ["CIS GCP Foundations 1.3.0 3.4", "CIS GCP Foundations 1.3.0 3.5"],
}

deny contains {"msg": sprintf("%s signs %s keys with RSASHA1", [tf.rname(r), object.get(k, "key_type", "")]), "line": lib.line_of(k, "algorithm"), "path": r.path} if {
	some r in input.by_type.google_dns_managed_zone
	r.type == "google_dns_managed_zone"
	d := tf.first(r.config.dnssec_config)
	some k in tf.as_array(d.default_key_specs)
	lower(k.algorithm) == "rsasha1"
}
