package shiftgate.rules.cloudformation.CFN_060

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-060",
	"title": "WorkSpace root volume not encrypted",
	"severity": "high",
	"description": "The root volume of the WorkSpace is stored in clear.",
	"remediation": "Set `RootVolumeEncryptionEnabled: true` with a `VolumeEncryptionKey`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-workspaces-workspace.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::WorkSpaces::Workspace"}

deny contains {"msg": sprintf("%s: RootVolumeEncryptionEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["RootVolumeEncryptionEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["RootVolumeEncryptionEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["RootVolumeEncryptionEnabled"]))
