package shiftgate.rules.terraform.TF_043

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-043",
	"title": "CloudFront allows plain HTTP to viewers",
	"severity": "medium",
	"description": "A cache behavior with viewer_protocol_policy allow-all serves content over unencrypted HTTP.",
	"remediation": "Use `viewer_protocol_policy = \"redirect-to-https\"` or `\"https-only\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution",
	],
	"cwe": [
		"CWE-319",
	],
}

deny contains {"msg": sprintf("%s serves %s over plain HTTP", [tf.rname(r), k]), "line": lib.line_of(b, "viewer_protocol_policy"), "path": r.path} if {
	some r in input.by_type.aws_cloudfront_distribution
	r.type == "aws_cloudfront_distribution"
	some k in ["default_cache_behavior", "ordered_cache_behavior"]
	some b in tf.as_array(object.get(r.config, k, []))
	b.viewer_protocol_policy == "allow-all"
}
