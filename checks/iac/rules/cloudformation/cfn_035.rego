package shiftgate.rules.cloudformation.CFN_035

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-035",
	"title": "Search domain does not enforce HTTPS",
	"severity": "medium",
	"description": "Without EnforceHTTPS the domain accepts plain HTTP requests.",
	"remediation": "Set `DomainEndpointOptions: {EnforceHTTPS: true, TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07}`.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticsearch-domain.html"],
	"cwe": ["CWE-319"],
}

types := {"AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"}

deny contains {"msg": sprintf("%s: DomainEndpointOptions.EnforceHTTPS is not true", [cfn.name(r)]), "line": cfn.path_line(r, ["DomainEndpointOptions", "EnforceHTTPS"])} if {
	some r in cfn.resources_of(types)
	not ok(r)
}

ok(r) if cfn.is_true(cfn.get(r, ["DomainEndpointOptions", "EnforceHTTPS"]))

ok(r) if cfn.unknown(cfn.get(r, ["DomainEndpointOptions", "EnforceHTTPS"]))
