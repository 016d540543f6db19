package shiftgate.rules.cloudformation.CFN_056

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-056",
	"title": "Secret not encrypted with a customer managed key",
	"severity": "low",
	"description": "Without KmsKeyId the secret uses the AWS-managed key, which cannot be shared across accounts or have its policy restricted.",
	"remediation": "Set `KmsKeyId`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-secret.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::SecretsManager::Secret"}

deny contains {"msg": sprintf("%s does not set KmsKeyId", [cfn.name(r)]), "line": cfn.path_line(r, ["KmsKeyId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["KmsKeyId"])
	v != null
	v != ""
	v != []
	v != {}
}
