package shiftgate.rules.terraform.TF_048

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-048",
	"title": "DAX cluster not encrypted at rest",
	"severity": "high",
	"description": "A DAX cluster without server-side encryption caches DynamoDB items in clear text.",
	"remediation": "Add `server_side_encryption { enabled = true }`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dax_cluster",
	],
	"cwe": [
		"CWE-311",
	],
}

deny contains {"msg": sprintf("%s does not encrypt its cache", [tf.rname(r)]), "line": tf.pline(r, ["server_side_encryption", "enabled"]), "path": r.path} if {
	some r in input.by_type.aws_dax_cluster
	r.type in {"aws_dax_cluster"}
	tf.off(r, ["server_side_encryption", "enabled"])
}
