package shiftgate.rules.terraform.TF_073

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-073",
	"title": "Redshift cluster audit logging disabled",
	"severity": "medium",
	"description": "Without audit logging there is no record of connections and queries.",
	"remediation": "Add `logging { enable = true, bucket_name = ... }` (or aws_redshift_logging).",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster",
	],
	"cwe": [
		"CWE-778",
	],
}

separate(r) if {
	some l in input.by_type.aws_redshift_logging
	l.type == "aws_redshift_logging"
	tf.refers(l.config.cluster_identifier, r)
}

deny contains {"msg": sprintf("%s does not log", [tf.rname(r)]), "line": tf.pline(r, ["logging", "enable"]), "path": r.path} if {
	some r in input.by_type.aws_redshift_cluster
	r.type == "aws_redshift_cluster"
	tf.off(r, ["logging", "enable"])
	not separate(r)
}
