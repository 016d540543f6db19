package shiftgate.rules.cloudformation.CFN_103

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-103",
	"title": "Wildcard ACM certificate",
	"severity": "low",
	"description": "A wildcard certificate is valid for every subdomain: one compromised host's key impersonates them all.",
	"remediation": "Issue certificates for the names a service uses.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-certificatemanager-certificate.html"],
	"cwe": ["CWE-295"],
}

deny contains {"msg": sprintf("%s is a wildcard certificate for %s", [cfn.name(r), d]), "line": cfn.line(r, "DomainName")} if {
	some r in cfn.resources_of({"AWS::CertificateManager::Certificate"})
	d := cfn.prop(r, "DomainName")
	is_string(d)
	startswith(d, "*")
}
