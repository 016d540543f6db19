package shiftgate.rules.terraform.TF_GCP_015

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-GCP-015",
	"title": "Audit logging not configured for every service",
	"severity": "low",
	"description": "CIS asks for audit logs of every log type for allServices, with no exempted members: an exemption or a per-service config leaves activity unrecorded.",
	"remediation": "Use `service = \"allServices\"` with audit_log_config blocks for ADMIN_READ, DATA_READ and DATA_WRITE and no exempted_members.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam#google_project_iam_audit_config",
	],
	"cwe": [
		"CWE-778",
	],
	"cis": ["CIS GCP Foundations 1.3.0 2.1"],
}

types := {"google_project_iam_audit_config", "google_folder_iam_audit_config", "google_organization_iam_audit_config"}

deny contains {"msg": sprintf("%s configures audit logs for %s only, not allServices", [tf.rname(r), r.config.service]), "line": tf.line(r, "service"), "path": r.path} if {
	some r in input.resources
	r.type in types
	is_string(r.config.service)
	not tf.is_ref(r.config.service)
	r.config.service != "allServices"
}

deny contains {"msg": sprintf("%s exempts members from %s audit logs", [tf.rname(r), c.log_type]), "line": lib.line_of(c, "exempted_members"), "path": r.path} if {
	some r in input.resources
	r.type in types
	some c in tf.as_array(r.config.audit_log_config)
	count(object.get(c, "exempted_members", [])) > 0
}

deny contains {"msg": sprintf("%s has an unknown log type %s", [tf.rname(r), c.log_type]), "line": lib.line_of(c, "log_type"), "path": r.path} if {
	some r in input.resources
	r.type in types
	some c in tf.as_array(r.config.audit_log_config)
	is_string(c.log_type)
	not tf.is_ref(c.log_type)
	not c.log_type in {"ADMIN_READ", "DATA_READ", "DATA_WRITE"}
}
