package shiftgate.rules.cloudformation.CFN_034

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-034",
	"title": "Search domain not encrypted at rest",
	"severity": "high",
	"description": "Indices, logs and snapshots of the domain are stored in clear.",
	"remediation": "Set `EncryptionAtRestOptions: {Enabled: true}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticsearch-domain.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"}

deny contains {"msg": sprintf("%s: EncryptionAtRestOptions.Enabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["EncryptionAtRestOptions", "Enabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["EncryptionAtRestOptions", "Enabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["EncryptionAtRestOptions", "Enabled"]))
