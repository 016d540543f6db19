package shiftgate.rules.terraform.TF_005

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-005",
	"title": "Sensitive port open to the internet",
	"severity": "high",
	"description": "Database, cache, file-sharing and control ports (MySQL, PostgreSQL, Redis, SMB, Docker, …) reachable from anywhere are routinely scanned and attacked.",
	"remediation": "Allow these ports only from the application’s security group or private ranges.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
		"CIS AWS Foundations Benchmark 5.2",
	],
	"cwe": [
		"CWE-284",
	],
}

ports := [20, 21, 23, 25, 53, 110, 111, 135, 137, 138, 139, 161, 389, 445, 636, 1433, 1434, 1521, 2049, 2375, 2376, 2379, 3000, 3306, 4333, 5000, 5432, 5500, 5601, 5900, 6379, 7001, 8000, 8020, 8080, 8088, 8888, 9000, 9042, 9090, 9092, 9200, 9300, 10250, 11211, 11214, 11215, 27017, 27018, 50070, 61621]

deny contains {"msg": sprintf("%s opens sensitive port %d to the internet", [tf.rname(g.r), p]), "line": g.line, "path": g.r.path} if {
	some g in tf.ingress
	tf.open_to_world(g)
	ps := [x | some x in ports; tf.covers(g, x)]
	count(ps) > 0
	p := ps[0]
}
