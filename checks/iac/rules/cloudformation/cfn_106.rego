package shiftgate.rules.cloudformation.CFN_106

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-106",
	"title": "Search domain without slow logs",
	"severity": "low",
	"description": "Without SEARCH_SLOW_LOGS and INDEX_SLOW_LOGS published, expensive or abusive queries leave no trace.",
	"remediation": "Enable SEARCH_SLOW_LOGS and INDEX_SLOW_LOGS in LogPublishingOptions.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-opensearchservice-domain.html"],
	"cwe": ["CWE-778"],
}

types := {"AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"}

deny contains {"msg": sprintf("%s does not publish %s", [cfn.name(r), k]), "line": line(r, k)} if {
	some r in cfn.resources_of(types)
	some k in ["SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS"]
	not cfn.is_true(object.get(r.properties, ["LogPublishingOptions", k, "Enabled"], false))
}

line(r, k) := r.properties.LogPublishingOptions[k].__lines__.Enabled

line(r, k) := cfn.path_line(r, ["LogPublishingOptions", k]) if not r.properties.LogPublishingOptions[k].__lines__.Enabled
