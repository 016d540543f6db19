package shiftgate.rules.cloudformation.CFN_033

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-033",
	"title": "Search domain not encrypted with a customer managed key",
	"severity": "medium",
	"description": "Without a KmsKeyId the domain uses an AWS-managed key you cannot control.",
	"remediation": "Set `EncryptionAtRestOptions: {Enabled: true, KmsKeyId: …}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticsearch-domain.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"}

deny contains {"msg": sprintf("%s does not set EncryptionAtRestOptions.KmsKeyId", [cfn.name(r)]), "line": cfn.path_line(r, ["EncryptionAtRestOptions", "KmsKeyId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["EncryptionAtRestOptions", "KmsKeyId"])
	v != null
	v != ""
	v != []
	v != {}
}
