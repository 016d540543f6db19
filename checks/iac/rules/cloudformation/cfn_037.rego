package shiftgate.rules.cloudformation.CFN_037

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-037",
	"title": "EMR cluster without a security configuration",
	"severity": "medium",
	"description": "Without a security configuration the cluster has no encryption or authentication settings.",
	"remediation": "Set `SecurityConfiguration` to an AWS::EMR::SecurityConfiguration.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-emr-cluster.html"],
	"cwe": ["CWE-311"],
}

types := {"AWS::EMR::Cluster"}

deny contains {"msg": sprintf("%s does not set SecurityConfiguration", [cfn.name(r)]), "line": cfn.path_line(r, ["SecurityConfiguration"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if {
	v := cfn.get(r, ["SecurityConfiguration"])
	v != null
	v != ""
	v != []
	v != {}
}
