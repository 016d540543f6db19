package shiftgate.rules.cloudformation.CFN_055

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-055",
	"title": "SageMaker notebook outside a VPC",
	"severity": "medium",
	"description": "Without SubnetId the notebook gets direct internet access outside your network controls.",
	"remediation": "Set `SubnetId` and `SecurityGroupIds` (and `DirectInternetAccess: Disabled`).",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sagemaker-notebookinstance.html"],
	"cwe": ["CWE-668"],
}

types := {"AWS::SageMaker::NotebookInstance"}

deny contains {"msg": sprintf("%s does not set SubnetId", [cfn.name(r)]), "line": cfn.path_line(r, ["SubnetId"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["SubnetId"])
	v != null
	v != ""
	v != []
	v != {}
}
