# Terraform helpers: resources by type, attribute lines, policy documents, and the
# security group ingress rules of every resource shape AWS offers.
package shiftgate.lib.tf

import data.shiftgate.lib

resources_of(t) := [r | some r in input.resources; r.type == t]

# line is the line of a resource attribute, or of the resource when it is absent.
line(r, key) := r.config.__lines__[key]

line(r, key) := r.line if not r.config.__lines__[key]

# ref holds when an expression (kept as source text) refers to resource r.
refers(expr, r) if {
	is_string(expr)
	contains(expr, sprintf("%s.%s.", [r.type, r.name]))
}

refers(expr, r) if {
	is_string(expr)
	expr == r.config.bucket
}

# doc parses an IAM/resource policy (JSON text, heredoc or jsonencode) into an object.
doc(v) := json.unmarshal(v) if {
	is_string(v)
	json.is_valid(v)
}

doc(v) := v if is_object(v)

statements(v) := s if {
	d := doc(v)
	is_array(d.Statement)
	s := d.Statement
}

statements(v) := [d.Statement] if {
	d := doc(v)
	is_object(d.Statement)
}

as_array(x) := x if is_array(x)

as_array(x) := [x] if not is_array(x)

# public_principal holds for "*" and {"AWS": "*"}.
public_principal(p) if p == "*"

public_principal(p) if {
	some k in ["AWS", "CanonicalUser"]
	some x in as_array(p[k])
	x == "*"
}

# line_in finds needle inside a multi-line string attribute (a heredoc policy).
line_in(r, key, needle) := l if {
	text := r.config[key]
	is_string(text)
	lines := split(text, "\n")
	idx := [i | some i, t in lines; contains(t, needle)]
	count(idx) > 0
	l := (line(r, key) + 1) + idx[0]
}

line_in(r, key, needle) := line(r, key) if {
	text := r.config[key]
	not _has_line(text, needle)
}

_has_line(text, needle) if {
	is_string(text)
	some t in split(text, "\n")
	contains(t, needle)
}

world := {"0.0.0.0/0", "::/0"}

# ingress yields one object per ingress rule: resource, ports, protocol, cidrs, lines.
ingress contains {"r": r, "from": object.get(b, "from_port", 0), "to": object.get(b, "to_port", 0), "protocol": lower(sprintf("%v", [object.get(b, "protocol", "tcp")])), "cidrs": array.concat(as_array(object.get(b, "cidr_blocks", [])), as_array(object.get(b, "ipv6_cidr_blocks", []))), "line": b.__line__, "cidr_line": cidr_line(b)} if {
	some r in input.resources
	r.type == "aws_security_group"
	some b in r.config.ingress
}

# terraform-aws-modules/security-group: named rules opened to ingress_cidr_blocks.
ingress contains {"r": r, "from": p[0], "to": p[1], "protocol": "tcp", "cidrs": as_array(r.config.ingress_cidr_blocks), "line": r.line, "cidr_line": line(r, "ingress_cidr_blocks")} if {
	some r in input.resources
	r.module
	r.type == "aws_security_group"
	some name in r.config.ingress_rules
	p := module_rule_ports(name)
}

ingress contains {"r": r, "from": object.get(b, "from_port", 0), "to": object.get(b, "to_port", 0), "protocol": lower(sprintf("%v", [object.get(b, "protocol", "tcp")])), "cidrs": split(object.get(b, "cidr_blocks", ""), ","), "line": r.line, "cidr_line": line(r, "ingress_with_cidr_blocks")} if {
	some r in input.resources
	r.module
	r.type == "aws_security_group"
	some b in r.config.ingress_with_cidr_blocks
}

module_rule_ports(name) := [0, 65535] if startswith(name, "all-")

module_rule_ports(name) := [n, n] if {
	not startswith(name, "all-")
	m := regex.find_n(`-([0-9]+)-`, name, 1)
	count(m) == 1
	n := to_number(trim(m[0], "-"))
}

module_rule_ports(name) := [n, n] if {
	not startswith(name, "all-")
	count(regex.find_n(`-([0-9]+)-`, name, 1)) == 0
	n := {"ssh-tcp": 22, "rdp-tcp": 3389, "rdp-udp": 3389, "mysql-tcp": 3306, "postgresql-tcp": 5432, "redis-tcp": 6379, "mongodb-27017-tcp": 27017, "mssql-tcp": 1433, "oracle-db-tcp": 1521, "winrm-http-tcp": 5985, "winrm-https-tcp": 5986, "docker-swarm-mngmt-tcp": 2377, "elasticsearch-rest-tcp": 9200, "memcached-tcp": 11211, "ldap-tcp": 389, "smtp-tcp": 25, "dns-udp": 53, "dns-tcp": 53, "nfs-tcp": 2049, "kafka-broker-tcp": 9092, "zookeeper-2181-tcp": 2181}[name]
}

cidr_line(b) := lib.line_of(b, "cidr_blocks") if b.cidr_blocks

cidr_line(b) := lib.line_of(b, "ipv6_cidr_blocks") if {
	not b.cidr_blocks
	b.ipv6_cidr_blocks
}

cidr_line(b) := b.__line__ if {
	not b.cidr_blocks
	not b.ipv6_cidr_blocks
}

ingress contains {"r": r, "from": object.get(r.config, "from_port", 0), "to": object.get(r.config, "to_port", 0), "protocol": lower(sprintf("%v", [object.get(r.config, "protocol", "tcp")])), "cidrs": array.concat(as_array(object.get(r.config, "cidr_blocks", [])), as_array(object.get(r.config, "ipv6_cidr_blocks", []))), "line": r.line, "cidr_line": cidr_line(r.config)} if {
	some r in input.resources
	r.type == "aws_security_group_rule"
	r.config.type == "ingress"
}

ingress contains {"r": r, "from": object.get(r.config, "from_port", 0), "to": object.get(r.config, "to_port", 65535), "protocol": lower(sprintf("%v", [object.get(r.config, "ip_protocol", "tcp")])), "cidrs": [c | some k in ["cidr_ipv4", "cidr_ipv6"]; c := r.config[k]], "line": r.line, "cidr_line": line(r, "cidr_ipv4")} if {
	some r in input.resources
	r.type == "aws_vpc_security_group_ingress_rule"
}

open_to_world(g) if {
	some c in g.cidrs
	is_string(c)
	regex.match(`^\s*(0\.0\.0\.0|::|0+:0+:0+:0+:0+:0+:0+:0+|)/0\s*$`, c)
}

all_ports(g) if g.protocol in {"-1", "all"}

all_ports(g) if {
	g.from == 0
	g.to == 65535
}

# covers holds when the rule admits traffic to port p.
covers(g, _) if all_ports(g)

covers(g, p) if {
	is_number(g.from)
	is_number(g.to)
	g.from <= p
	p <= g.to
}

# rname is the resource's Terraform address as written in the code: "aws_s3_bucket.logs",
# "module.app.aws_s3_bucket.logs" inside a followed local module, "module.kms" for a
# registry module call.
rname(r) := r.address

rname(r) := sprintf("%s.%s", [r.type, r.name]) if not r.address
