package shiftgate.rules.terraform.TF_038

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-038",
	"title": "Data service instance publicly accessible",
	"severity": "critical",
	"description": "A publicly accessible instance gets a public IP address and can be reached from the internet, subject only to its security groups.",
	"remediation": "Set `publicly_accessible = false`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dms_replication_instance",
	],
	"cwe": [
		"CWE-284",
	],
}

deny contains {"msg": sprintf("%s is publicly accessible", [tf.rname(r)]), "line": tf.pline(r, ["publicly_accessible"]), "path": r.path} if {
	some t_ in {"aws_dms_replication_instance", "aws_neptune_cluster_instance", "aws_docdb_cluster_instance", "aws_rds_cluster_instance"}
	some r in input.by_type[t_]
	r.type in {"aws_dms_replication_instance", "aws_neptune_cluster_instance", "aws_docdb_cluster_instance", "aws_rds_cluster_instance"}
	tf.is_on(r, ["publicly_accessible"])
}
