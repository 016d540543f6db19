package shiftgate.rules.cloudformation.CFN_014

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-014",
	"title": "KMS key rotation disabled",
	"severity": "medium",
	"description": "A symmetric customer managed key without automatic rotation keeps the same key material for ever.",
	"remediation": "Set `EnableKeyRotation: true`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html"],
	"cwe": ["CWE-320"],
	"cis": ["CIS AWS Foundations 1.5.0 3.8"],
}

types := {"AWS::KMS::Key"}

deny contains {"msg": sprintf("%s: EnableKeyRotation is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["EnableKeyRotation"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["EnableKeyRotation"]))

ok(r) if cfn.unknown(cfn.get(r, ["EnableKeyRotation"]))
