package shiftgate.rules.terraform.TF_069

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-069",
	"title": "MSK cluster allows plaintext traffic or lacks encryption settings",
	"severity": "high",
	"description": "Without encryption_info, or with PLAINTEXT client traffic, Kafka messages travel unencrypted.",
	"remediation": "Add `encryption_info { encryption_in_transit { client_broker = \"TLS\" in_cluster = true } }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_cluster",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s has no encryption settings", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_msk_cluster
	r.type == "aws_msk_cluster"
	tf.unset(r, ["encryption_info"])
}

deny contains {"msg": sprintf("%s allows %s client traffic", [tf.rname(r), v]), "line": tf.pline(r, ["encryption_info", "encryption_in_transit", "client_broker"]), "path": r.path} if {
	some r in input.by_type.aws_msk_cluster
	r.type == "aws_msk_cluster"
	v := tf.at(r, ["encryption_info", "encryption_in_transit", "client_broker"])
	v in {"PLAINTEXT", "TLS_PLAINTEXT"}
}

deny contains {"msg": sprintf("%s does not encrypt traffic between brokers", [tf.rname(r)]), "line": tf.pline(r, ["encryption_info", "encryption_in_transit", "in_cluster"]), "path": r.path} if {
	some r in input.by_type.aws_msk_cluster
	r.type == "aws_msk_cluster"
	tf.false_at(r, ["encryption_info", "encryption_in_transit", "in_cluster"])
}
