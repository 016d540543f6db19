package shiftgate.rules.terraform.TF_029

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-029",
	"title": "CloudFront allows TLS older than 1.2",
	"severity": "medium",
	"description": "The distribution accepts TLS versions with known weaknesses.",
	"remediation": "Use a custom certificate with `minimum_protocol_version = \"TLSv1.2_2021\"`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution",
	],
	"cwe": [
		"CWE-326",
	],
}

deny contains {"msg": sprintf("%s allows %s", [tf.rname(r), v.minimum_protocol_version]), "line": lib.line_of(v, "minimum_protocol_version"), "path": r.path} if {
	some r in input.by_type.aws_cloudfront_distribution
	r.type == "aws_cloudfront_distribution"
	some v in r.config.viewer_certificate
	is_string(v.minimum_protocol_version)
	not startswith(v.minimum_protocol_version, "TLSv1.2")
	not startswith(v.minimum_protocol_version, "TLSv1.3")
}

deny contains {"msg": sprintf("%s uses the default CloudFront certificate, which allows TLS 1.0", [tf.rname(r)]), "line": lib.line_of(v, "cloudfront_default_certificate"), "path": r.path} if {
	some r in input.by_type.aws_cloudfront_distribution
	r.type == "aws_cloudfront_distribution"
	some v in r.config.viewer_certificate
	v.cloudfront_default_certificate == true
}

deny contains {"msg": sprintf("%s sets no minimum TLS version", [tf.rname(r)]), "line": v.__line__, "path": r.path} if {
	some r in input.by_type.aws_cloudfront_distribution
	r.type == "aws_cloudfront_distribution"
	some v in r.config.viewer_certificate
	not v.minimum_protocol_version
	not v.cloudfront_default_certificate == true
}

deny contains {"msg": sprintf("%s has no viewer_certificate", [tf.rname(r)]), "line": r.line, "path": r.path} if {
	some r in input.by_type.aws_cloudfront_distribution
	r.type == "aws_cloudfront_distribution"
	not r.config.viewer_certificate
}
