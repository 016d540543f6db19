package shiftgate.rules.cloudformation.CFN_026

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-026",
	"title": "EC2 instance not EBS-optimized",
	"severity": "info",
	"description": "On an instance type that is not EBS-optimised by default, volume traffic competes with network traffic unless EbsOptimized is set.",
	"remediation": "Set `EbsOptimized: true`, or use a current (Nitro) instance type, which is EBS-optimised by default.",
	"references": ["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ebs-optimized.html"],
	"cwe": ["CWE-400"],
}

# Families that are EBS-optimised by default (every Nitro-based family and a few older ones).
default_optimized := {
	"a1", "c4", "c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6g", "c6gd", "c6gn", "c6i", "c6id", "c6in", "c7a", "c7g", "c7gd", "c7gn", "c7i", "c8g",
	"d2", "d3", "d3en", "f1", "g3", "g4ad", "g4dn", "g5", "g5g", "g6", "h1", "i3", "i3en", "i4g", "i4i", "im4gn", "inf1", "inf2", "is4gen",
	"m4", "m5", "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a", "m6g", "m6gd", "m6i", "m6id", "m6idn", "m6in", "m7a", "m7g", "m7gd", "m7i", "m8g",
	"p2", "p3", "p3dn", "p4d", "p5", "r4", "r5", "r5a", "r5ad", "r5b", "r5d", "r5dn", "r5n", "r6a", "r6g", "r6gd", "r6i", "r6id", "r6idn", "r6in",
	"r7a", "r7g", "r7gd", "r7i", "r7iz", "r8g", "t3", "t3a", "t4g", "trn1", "u-3tb1", "x1", "x1e", "x2gd", "x2idn", "x2iedn", "x2iezn", "z1d",
}

deny contains {"msg": sprintf("%s (%v) is not EBS-optimized", [cfn.name(r), object.get(r.properties, "InstanceType", "m1.small")]), "line": cfn.line(r, "EbsOptimized")} if {
	some r in cfn.resources_of({"AWS::EC2::Instance"})
	not cfn.is_true(cfn.prop(r, "EbsOptimized"))
	not cfn.unknown(cfn.prop(r, "EbsOptimized"))
	not optimized_by_default(r)
}

optimized_by_default(r) if {
	t := cfn.prop(r, "InstanceType")
	is_string(t)
	split(t, ".")[0] in default_optimized
}

# An instance type the template computes is not guessed.
optimized_by_default(r) if cfn.unknown(cfn.prop(r, "InstanceType"))
