package shiftgate.rules.terraform.TF_082

import data.shiftgate.lib
import data.shiftgate.lib.tf

metadata := {
	"id": "TF-082",
	"title": "Network ACL admits SSH or RDP from the internet",
	"severity": "high",
	"description": "A network ACL entry allowing 0.0.0.0/0 to port 22 or 3389 lets remote administration through for the whole subnet.",
	"remediation": "Allow administration ports only from known networks.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/network_acl_rule",
	],
	"cwe": [
		"CWE-284",
	],
	"cis": ["CIS AWS Foundations 1.5.0 5.1"],
}

# entries yields [resource, entry object, line] for every inbound ACL entry written in
# the module: aws_network_acl ingress blocks, aws_network_acl_rule resources and the
# terraform-aws-modules/vpc ACL inputs.
entries contains [r, e, e.__line__] if {
	some t_ in {"aws_network_acl", "aws_default_network_acl"}
	some r in input.by_type[t_]
	r.type in {"aws_network_acl", "aws_default_network_acl"}
	some e in tf.as_array(object.get(r.config, "ingress", []))
}

entries contains [r, object.union(r.config, {"action": r.config.rule_action}), r.line] if {
	some r in input.by_type.aws_network_acl_rule
	r.type == "aws_network_acl_rule"
	not lib.true_at(r.config, ["egress"])
}

entries contains [r, e, e.__line__] if {
	some r in input.resources
	r.module
	some k in ["default_network_acl_ingress", "public_inbound_acl_rules", "private_inbound_acl_rules"]
	some e in tf.as_array(object.get(r.config, k, []))
}

all_ports(e) if sprintf("%v", [object.get(e, "protocol", "")]) in {"-1", "all"}

all_ports(e) if {
	object.get(e, "from_port", 0) == 0
	object.get(e, "to_port", 0) == 0
}

covers(e, _) if all_ports(e)

covers(e, p) if {
	e.from_port <= p
	p <= e.to_port
}

# denied_first holds when an earlier-numbered deny entry of the same ACL covers port p.
denied_first(x, p) if {
	some y in entries
	y[0] == x[0]
	lower(object.get(y[1], "action", "")) == "deny"
	y[1].cidr_block in tf.world
	object.get(y[1], "rule_no", 0) < object.get(x[1], "rule_no", 0)
	covers(y[1], p)
}

deny contains {"msg": sprintf("%s admits port %d from %s", [tf.rname(x[0]), p, x[1].cidr_block]), "line": x[2], "path": x[0].path} if {
	some x in entries
	lower(object.get(x[1], "action", "")) == "allow"
	x[1].cidr_block in tf.world
	some p in [22, 3389]
	covers(x[1], p)
	not denied_first(x, p)
}
