# Terraform helpers: resources by type, attribute lines, policy documents, and the
# security group ingress rules of every resource shape AWS offers.
package shiftgate.lib.tf

import data.shiftgate.lib

resources_of(t) := object.get(input.by_type, t, [])

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
	some r in input.by_type.aws_security_group
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
	some r in input.by_type.aws_security_group_rule
	r.type == "aws_security_group_rule"
	r.config.type == "ingress"
}

ingress contains {"r": r, "from": object.get(r.config, "from_port", 0), "to": object.get(r.config, "to_port", 65535), "protocol": lower(sprintf("%v", [object.get(r.config, "ip_protocol", "tcp")])), "cidrs": [c | some k in ["cidr_ipv4", "cidr_ipv6"]; c := r.config[k]], "line": r.line, "cidr_line": line(r, "cidr_ipv4")} if {
	some r in input.by_type.aws_vpc_security_group_ingress_rule
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

# first is a nested block read at its first item (blocks are lists of objects), or an
# object attribute as it is.
first(x) := x[0] if {
	is_array(x)
	count(x) > 0
}

first(x) := x if is_object(x)

# at is the value at a path of attribute and nested-block names under a resource's
# config (["site_config", "http2_enabled"]); undefined when absent or null.
at(r, p) := v if {
	count(p) == 1
	v := r.config[p[0]]
	v != null
}

at(r, p) := v if {
	count(p) == 2
	v := first(r.config[p[0]])[p[1]]
	v != null
}

at(r, p) := v if {
	count(p) == 3
	v := first(first(r.config[p[0]])[p[1]])[p[2]]
	v != null
}

# pline is the line of the deepest part of path p that is present: the attribute
# when set, else its enclosing block, else the resource.
pline(r, p) := line(r, p[0]) if count(p) == 1

pline(r, p) := line(r, p[0]) if {
	count(p) > 1
	not first(object.get(r.config, p[0], null))
}

pline(r, p) := lib.line_of(first(r.config[p[0]]), p[1]) if {
	count(p) == 2
	first(r.config[p[0]])
}

pline(r, p) := lib.line_of(first(r.config[p[0]]), p[1]) if {
	count(p) == 3
	b := first(r.config[p[0]])
	not first(object.get(b, p[1], null))
}

pline(r, p) := lib.line_of(first(first(r.config[p[0]])[p[1]]), p[2]) if {
	count(p) == 3
	first(first(r.config[p[0]])[p[1]])
}

# is_ref holds for a value kept as source text because it depends on a variable,
# another resource or a function the reader does not evaluate: it is unknown.
is_ref(v) if {
	is_string(v)
	regex.match(`^\s*(var|local|module|data|each|count|path|terraform|self)\.|^\s*[a-z0-9_]+\.[A-Za-z0-9_*\[\]"-]+\.|\$\{|^\s*[a-z_]+\(`, v)
}

# false_at holds when the value at p is false (safe to negate when p is absent).
false_at(r, p) if lib.is_false(at(r, p))

# ref_at holds when the value at p is unknown source text (see is_ref).
ref_at(r, p) if is_ref(at(r, p))

# unset holds when the path is absent (the provider's default applies).
unset(r, p) if not _present(r, p)

_present(r, p) if at(r, p) != null

# off holds when the value at p is false or absent: a setting whose default is off.
off(r, p) if unset(r, p)

off(r, p) if lib.is_false(at(r, p))

# is_on holds when the value at p is true.
is_on(r, p) if lib.is_true(at(r, p))

# all of a type, data blocks excluded.
of_type(types) := [r | some r in input.resources; r.type in types]

# nsg_rules yields every Azure network security rule (a separate
# azurerm_network_security_rule or a security_rule block of a group) that lets
# inbound traffic in, with its destination ports, protocol and source prefixes.
nsg_rules contains {"r": r, "rule": r.config, "line": r.line} if {
	some r in input.by_type.azurerm_network_security_rule
	r.type == "azurerm_network_security_rule"
}

nsg_rules contains {"r": r, "rule": b, "line": b.__line__} if {
	some r in input.by_type.azurerm_network_security_group
	r.type == "azurerm_network_security_group"
	some b in as_array(object.get(r.config, "security_rule", []))
	is_object(b)
}

# nsg_inbound_allow holds for a rule that allows inbound traffic.
nsg_inbound_allow(g) if {
	lower(object.get(g.rule, "direction", "")) == "inbound"
	lower(object.get(g.rule, "access", "")) == "allow"
}

# nsg_sources are the rule's source prefixes (single and list forms).
nsg_sources(g) := array.concat([s | s := g.rule.source_address_prefix; is_string(s)], [s | some s in as_array(object.get(g.rule, "source_address_prefixes", [])); is_string(s)])

# nsg_ports are the rule's destination port ranges as [from, to].
nsg_ports(g) := [p | some s in _nsg_port_strings(g); some part in split(s, ","); p := port_range(part)]

_nsg_port_strings(g) := array.concat([s | s := g.rule.destination_port_range; is_string(s)], [s | some s in as_array(object.get(g.rule, "destination_port_ranges", [])); is_string(s)])

# port_range parses "22", "20-23" and "*" into [from, to].
port_range(s) := [0, 65535] if trim_space(s) == "*"

port_range(s) := [to_number(trim_space(s)), to_number(trim_space(s))] if regex.match(`^\s*[0-9]+\s*$`, s)

port_range(s) := [to_number(trim_space(p[0])), to_number(trim_space(p[1]))] if {
	regex.match(`^\s*[0-9]+\s*-\s*[0-9]+\s*$`, s)
	p := split(s, "-")
}

# internet_source holds for a source meaning any address on the internet.
internet_source(s) if lower(trim_space(s)) in {"*", "0.0.0.0", "internet", "any", "<nw>/0", "/0"}

internet_source(s) if endswith(trim_space(s), "/0")

# nsg_port_line is the line of the destination port attribute of a rule.
nsg_port_line(g) := lib.line_of(g.rule, "destination_port_range") if g.rule.destination_port_range

nsg_port_line(g) := lib.line_of(g.rule, "destination_port_ranges") if not g.rule.destination_port_range

# nsg_protocol_covers holds when the rule's protocol carries the given one (tcp/udp).
nsg_protocol_covers(g, proto) if lower(object.get(g.rule, "protocol", "*")) in {"*", proto}

# nsg_tcp_udp holds for a rule that carries TCP or UDP (not ICMP only).
nsg_tcp_udp(g) if lower(object.get(g.rule, "protocol", "*")) in {"*", "tcp", "udp"}

# ip_number turns a dotted IPv4 address into a number.
ip_number(s) := n if {
	regex.match(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`, s)
	p := [to_number(x) | some x in split(s, ".")]
	n := (((((p[0] * 256) + p[1]) * 256) + p[2]) * 256) + p[3]
}

# private_ip holds for RFC 1918 and loopback addresses.
private_ip(s) if {
	some c in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8"]
	net.cidr_contains(c, s)
}

# gcp_world_allows yields [firewall, allow block, [from, to]] for every TCP port range a
# GCP ingress firewall rule opens to any internet address (no ports: every port).
gcp_world_allows contains [r, a, rng] if {
	some r in input.by_type.google_compute_firewall
	r.type == "google_compute_firewall"
	upper(object.get(r.config, "direction", "INGRESS")) == "INGRESS"
	not lib.is_true(object.get(r.config, "disabled", false))
	some c in as_array(object.get(r.config, "source_ranges", []))
	c in world
	some a in as_array(object.get(r.config, "allow", []))
	lower(sprintf("%v", [a.protocol])) in {"tcp", "all"}
	some rng in _gcp_ranges(a)
}

_gcp_ranges(a) := [[0, 65535]] if not a.ports

_gcp_ranges(a) := [port_range(p) | some p in a.ports] if a.ports

# gcp_allow_line is the line of an allow block's ports (or of the block).
gcp_allow_line(a) := lib.line_of(a, "ports")

# gcp_members are the members an IAM member or binding resource names.
gcp_members(r) := array.concat([m | m := r.config.member; is_string(m)], [m | some m in as_array(object.get(r.config, "members", [])); is_string(m)])

gcp_member_line(r) := line(r, "member") if r.config.member

gcp_member_line(r) := line(r, "members") if not r.config.member

# gcp_member_at is the line of member m: the member attribute, or m's item in members.
gcp_member_at(r, m) := line(r, "member") if r.config.member == m

gcp_member_at(r, m) := l if {
	not r.config.member == m
	idx := [i | some i, x in r.config.members; x == m]
	l := object.get(r.config.__lines__, sprintf("members[%d]", [idx[0]]), line(r, "members"))
}

# binding_members are the members of a google_iam_policy binding block.
binding_members(b) := array.concat([m | m := b.member; is_string(m)], [m | some m in as_array(object.get(b, "members", [])); is_string(m)])

gcp_public_member(m) if m in {"allUsers", "allAuthenticatedUsers"}

# A policy given as data.aws_iam_policy_document.<name>.json is read from that data
# block of the module: its statement blocks become IAM JSON statements.
doc(v) := {"Statement": [_policy_statement(s) | some s in tf_policy_doc(v).config.statement]} if {
	is_string(v)
	tf_policy_doc(v)
}

tf_policy_doc(v) := d if {
	m := regex.find_all_string_submatch_n(`^\s*data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)\s*$`, v, 1)
	count(m) == 1
	some d in input.data
	d.type == "aws_iam_policy_document"
	d.name == m[0][1]
}

_policy_statement(s) := {
	"Effect": object.get(s, "effect", "Allow"),
	"Action": object.get(s, "actions", []),
	"NotAction": object.get(s, "not_actions", []),
	"Resource": object.get(s, "resources", []),
	"Principal": {p.type: p.identifiers | some p in as_array(object.get(s, "principals", []))},
}
