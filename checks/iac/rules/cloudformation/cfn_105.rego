package shiftgate.rules.cloudformation.CFN_105

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-105",
	"title": "Search domain log publishing disabled",
	"severity": "medium",
	"description": "A search domain with no log publishing, or a log type written with Enabled false, leaves errors, slow queries and audit events unrecorded.",
	"remediation": "Set LogPublishingOptions for ES_APPLICATION_LOGS, SEARCH_SLOW_LOGS, INDEX_SLOW_LOGS (and AUDIT_LOGS) with Enabled: true.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-opensearchservice-domain.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"}

deny contains {"msg": sprintf("%s publishes no logs", [cfn.name(r)]), "line": r.properties_line} if {
	some r in cfn.resources_of(types)
	not r.properties.LogPublishingOptions
}

deny contains {"msg": sprintf("%s: %s log publishing is disabled", [cfn.name(r), k]), "line": o.__lines__.Enabled} if {
	some r in cfn.resources_of(types)
	some k, o in r.properties.LogPublishingOptions
	not startswith(k, "__")
	cfn.is_false(o.Enabled)
}
