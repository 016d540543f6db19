package shiftgate.rules.cloudformation.CFN_059

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-059",
	"title": "WorkSpace user volume not encrypted",
	"severity": "high",
	"description": "The user volume of the WorkSpace is stored in clear.",
	"remediation": "Set `UserVolumeEncryptionEnabled: true` and `RootVolumeEncryptionEnabled: true` with a `VolumeEncryptionKey`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-workspaces-workspace.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::WorkSpaces::Workspace"}

deny contains {"msg": sprintf("%s: UserVolumeEncryptionEnabled is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["UserVolumeEncryptionEnabled"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["UserVolumeEncryptionEnabled"]))

ok(r) if cfn.unknown(cfn.get(r, ["UserVolumeEncryptionEnabled"]))
