package shiftgate.rules.cloudformation.CFN_029

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-029",
	"title": "EFS file system without tags",
	"severity": "info",
	"description": "Untagged file systems cannot be attributed to an owner, so nobody answers for their data.",
	"remediation": "Set `FileSystemTags`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-efs-filesystem.html"],
	"cwe": ["CWE-1059"],
}

types := {"AWS::EFS::FileSystem"}

deny contains {"msg": sprintf("%s does not set FileSystemTags", [cfn.name(r)]), "line": cfn.path_line(r, ["FileSystemTags"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["FileSystemTags"])
	v != null
	v != ""
	v != []
	v != {}
}
