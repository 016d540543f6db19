package shiftgate.rules.terraform.TF_GCP_001

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-001",
	"title": "Cloud DNS zone without DNSSEC",
	"severity": "medium",
	"description": "Without DNSSEC, resolvers cannot verify the zone's answers, so responses can be spoofed or poisoned.",
	"remediation": "Add `dnssec_config { state = \"on\" }` to public managed zones.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dns_managed_zone",
	],
	"cwe": [
		"CWE-345",
	],
	"cis": ["CIS GCP Foundations 1.3.0 3.3"],
}

signed(r) if tf.at(r, ["dnssec_config", "state"]) in {"on", "transfer"}

deny contains {"msg": sprintf("%s does not enable DNSSEC", [tf.rname(r)]), "line": tf.pline(r, ["dnssec_config", "state"]), "path": r.path} if {
	some r in input.by_type.google_dns_managed_zone
	r.type == "google_dns_managed_zone"
	lower(object.get(r.config, "visibility", "public")) == "public"
	not signed(r)
	not tf.ref_at(r, ["dnssec_config", "state"])
}
