# CloudFormation helpers: resources by type, property lines, parameter defaults and
# IAM policy documents.
package shiftgate.lib.cfn

import data.shiftgate.lib

resources_of(types) := [r | some r in input.resources; r.type in types]

# line is the line of a property, or of the Properties key when the property is absent
# (or of the resource when it has no Properties).
line(r, key) := r.properties.__lines__[key]

line(r, key) := r.properties_line if not r.properties.__lines__[key]

# sub_line is the line of key inside obj, or of obj's parent key when key is absent.
sub_line(obj, key, parent_line) := obj.__lines__[key]

sub_line(obj, key, parent_line) := parent_line if not obj.__lines__[key]

# value resolves {"Ref": parameter} to the parameter's Default; other values are kept.
value(v) := input.parameters[v.Ref].Default if {
	is_object(v)
	is_string(v.Ref)
	input.parameters[v.Ref].Default != null
}

value(v) := v if not _param_ref(v)

_param_ref(v) if {
	is_object(v)
	is_string(v.Ref)
	input.parameters[v.Ref].Default != null
}

# prop is a property's resolved value (null when absent).
prop(r, key) := value(object.get(r.properties, key, null))

# get resolves the value at a path of nested properties (null when absent).
get(r, path) := value(object.get(r.properties, path, null))

is_true(v) if lib.is_true(value(v))

is_false(v) if lib.is_false(value(v))

# literal holds for a plain string written into the template (not a Ref, Sub, import…).
literal(v) if {
	is_string(v)
	v != ""
}

as_array(x) := x if is_array(x)

as_array(x) := [x] if not is_array(x)

# statements are the Statement entries of an IAM policy document (object or JSON text).
statements(doc) := [s | some s in as_array(_doc(doc).Statement)]

_doc(v) := v if is_object(v)

_doc(v) := json.unmarshal(v) if {
	is_string(v)
	json.is_valid(v)
}

# allows holds for an Allow statement (Effect defaults to nothing: it must be Allow).
allows(s) if s.Effect == "Allow"

# public_principal holds for "*" and {"AWS": "*"} (or a list holding "*").
public_principal(p) if p == "*"

public_principal(p) if {
	some k in ["AWS", "CanonicalUser", "Service"]
	some x in as_array(p[k])
	x == "*"
}

# wildcard_action holds when an action list grants every action ("*") or every action
# of a service ("s3:*") for the given service (use "*" for any).
any_action(s, action) if {
	some a in as_array(s.Action)
	a == action
}

# policy_docs are the IAM policy documents a resource carries, with the line of each.
policy_docs(r) := array.concat(
	[[p.PolicyDocument, object.get(p, ["__lines__", "PolicyDocument"], line(r, "Policies"))] |
		some p in as_array(object.get(r.properties, "Policies", []))
		is_object(p)
	],
	[[d, line(r, "PolicyDocument")] | d := r.properties.PolicyDocument],
)

name(r) := sprintf("%s %s", [r.type, r.name])

# ingress are the security group ingress rules of every shape CloudFormation has:
# SecurityGroupIngress lists of AWS::EC2::SecurityGroup and AWS::EC2::SecurityGroupIngress
# resources. Each is {"r", "rule", "line", "from", "to", "protocol", "cidr"}.
ingress contains x if {
	some r in input.resources
	r.type == "AWS::EC2::SecurityGroup"
	some rule in as_array(object.get(r.properties, "SecurityGroupIngress", []))
	is_object(rule)
	x := _rule(r, rule, line(r, "SecurityGroupIngress"))
}

ingress contains x if {
	some r in input.resources
	r.type == "AWS::EC2::SecurityGroupIngress"
	x := object.union(_rule(r, r.properties, r.line), {
		"proto_line": line(r, "IpProtocol"),
		"cidr_line": object.get(r.properties.__lines__, "CidrIp", object.get(r.properties.__lines__, "CidrIpv6", r.line)),
	})
}

# Each rule has "line" (the rule's block), "proto_line" and "cidr_line": for a
# standalone ingress resource, the lines of its IpProtocol and CidrIp keys.
_rule(r, rule, l) := {
	"r": r, "rule": rule, "line": l, "proto_line": l, "cidr_line": l,
	"from": _port(object.get(rule, "FromPort", -1), -1),
	"to": _port(object.get(rule, "ToPort", -1), 65535),
	"protocol": _proto(value(object.get(rule, "IpProtocol", "-1"))),
	"cidr": value(object.get(rule, "CidrIp", value(object.get(rule, "CidrIpv6", "")))),
}

_port(v, dflt) := to_number(value(v)) if {
	x := value(v)
	is_number(x)
} else := to_number(value(v)) if {
	x := value(v)
	is_string(x)
	regex.match(`^-?[0-9]+$`, x)
} else := dflt

_proto(p) := "-1" if p in {-1, "-1", "all"}

_proto(p) := lower(p) if {
	is_string(p)
	p != "-1"
	p != "all"
}

_proto(p) := "tcp" if p == 6

_proto(p) := "udp" if p == 17

_proto(p) := "icmp" if p == 1

# world holds for a source range of every address: any /0 prefix (10.0.0.0/0 is 0.0.0.0/0).
world(cidr) if {
	is_string(cidr)
	endswith(cidr, "/0")
}

# restricting holds for a policy condition that narrows who gets access: aws:Referer and
# aws:UserAgent are set by the client, so they do not count.
restricting(cond) if {
	some op, kv in cond
	not startswith(op, "__")
	is_object(kv)
	some k, _ in kv
	not k in {"__line__", "__lines__"}
	not lower(k) in {"aws:referer", "aws:useragent"}
}

# covers holds when an ingress rule opens the port (all protocols, or tcp/udp range).
covers(x, port) if {
	x.protocol == "-1"
}

covers(x, port) if {
	x.protocol in {"tcp", "udp", "6", "17"}
	from := x.from
	to := x.to
	from <= port
	to >= port
}

covers(x, port) if {
	x.protocol in {"tcp", "udp", "6", "17"}
	x.from == -1
}

# path_line is the line of the deepest key of path that the resource sets: the key
# itself when present, else the nearest parent, else the Properties line.
path_line(r, path) := l if {
	n := max({i |
		some i in numbers.range(1, count(path))
		parent := object.get(r.properties, array.slice(path, 0, i - 1), null)
		parent.__lines__[path[i - 1]]
	})
	parent := object.get(r.properties, array.slice(path, 0, n - 1), {})
	l := parent.__lines__[path[n - 1]]
} else := r.properties_line

# unknown holds for a value the template computes (an intrinsic function other than a
# Ref to a parameter with a default): rules do not guess it.
unknown(v) if {
	x := value(v)
	is_object(x)
	some k, _ in x
	k == "Ref"
}

unknown(v) if {
	x := value(v)
	is_object(x)
	some k, _ in x
	startswith(k, "Fn::")
}

# exposed holds for a secret written into the template: a literal (not a dynamic
# reference {{resolve:…}}) or a Ref to a parameter whose Default holds it.
exposed(v) if {
	is_string(v)
	v != ""
	not startswith(v, "{{resolve:")
}

exposed(v) if {
	is_object(v)
	d := input.parameters[v.Ref].Default
	is_string(d)
	d != ""
	not startswith(d, "{{resolve:")
}

# exposed_line is where the secret is: the property, or the parameter's Default.
exposed_line(v, l) := l if is_string(v)

exposed_line(v, l) := input.parameters[v.Ref].__lines__.Default if is_object(v)

# egress are the security group egress rules, in the shape of ingress.
egress contains x if {
	some r in input.resources
	r.type == "AWS::EC2::SecurityGroup"
	some rule in as_array(object.get(r.properties, "SecurityGroupEgress", []))
	is_object(rule)
	x := _rule(r, rule, line(r, "SecurityGroupEgress"))
}

egress contains x if {
	some r in input.resources
	r.type == "AWS::EC2::SecurityGroupEgress"
	x := _rule(r, r.properties, object.get(r.properties.__lines__, "CidrIp", object.get(r.properties.__lines__, "CidrIpv6", r.properties_line)))
}

# plain is a value without the position keys, to compare two values.
plain(v) := object.remove(v, {"__line__", "__lines__"}) if is_object(v)

plain(v) := v if not is_object(v)
