package shiftgate.rules.cloudformation.CFN_108

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-108",
	"title": "MSK cluster traffic not encrypted",
	"severity": "high",
	"description": "ClientBroker PLAINTEXT or TLS_PLAINTEXT, or InCluster false, lets Kafka traffic cross the network in clear.",
	"remediation": "Set EncryptionInfo.EncryptionInTransit: {ClientBroker: TLS, InCluster: true}.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-msk-cluster-encryptionintransit.html"],
	"cwe": ["CWE-319"],
}

deny contains {"msg": sprintf("%s accepts %s client traffic", [cfn.name(r), v]), "line": t.__lines__.ClientBroker} if {
	some r in cfn.resources_of({"AWS::MSK::Cluster"})
	t := r.properties.EncryptionInfo.EncryptionInTransit
	v := cfn.value(t.ClientBroker)
	v in {"PLAINTEXT", "TLS_PLAINTEXT"}
}

deny contains {"msg": sprintf("%s does not encrypt traffic between brokers", [cfn.name(r)]), "line": t.__lines__.InCluster} if {
	some r in cfn.resources_of({"AWS::MSK::Cluster"})
	t := r.properties.EncryptionInfo.EncryptionInTransit
	cfn.is_false(t.InCluster)
}
