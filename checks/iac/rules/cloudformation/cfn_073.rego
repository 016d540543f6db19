package shiftgate.rules.cloudformation.CFN_073

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-073",
	"title": "S3 bucket policy does not require TLS",
	"severity": "medium",
	"description": "No statement of the bucket's policy denies requests with aws:SecureTransport false, so clients may read and write over plain HTTP.",
	"remediation": "Add a Deny statement for all principals and s3:* with `Condition: {Bool: {aws:SecureTransport: false}}`.",
	"references": ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html"],
	"cwe": ["CWE-319"],
	"cis": ["CIS AWS Foundations 1.5.0 2.1.2"],
}

deny contains {"msg": sprintf("%s does not deny requests without TLS", [cfn.name(r)]), "line": cfn.line(r, "PolicyDocument")} if {
	some r in cfn.resources_of({"AWS::S3::BucketPolicy"})
	not requires_tls(r)
}

requires_tls(r) if {
	some s in cfn.statements(r.properties.PolicyDocument)
	s.Effect == "Deny"
	some _, cond in s.Condition
	v := cond["aws:SecureTransport"]
	lower(sprintf("%v", [v])) in {"false", "[\"false\"]", "[false]"}
}
