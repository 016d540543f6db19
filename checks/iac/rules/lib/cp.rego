# Control-plane helpers: the flags of kube-apiserver, kubelet, etcd,
# kube-controller-manager and kube-scheduler containers (static pods, Deployments),
# and KubeletConfiguration objects.
package shiftgate.lib.cp

import data.shiftgate.lib
import data.shiftgate.lib.k8s

_arr(x) := x if is_array(x)

_arr(x) := [] if not is_array(x)

words(c) := array.concat(_arr(object.get(c, "command", [])), _arr(object.get(c, "args", [])))

# containers of a component: its binary is the first word of the command.
containers(component) := [c |
	some c in k8s.containers
	cmd := _arr(object.get(c, "command", []))
	count(cmd) > 0
	is_string(cmd[0])
	parts := split(cmd[0], "/")
	parts[count(parts) - 1] == component
]

# values are every value given to --name (a bare --name is "true").
values(c, name) := [v |
	some w in words(c)
	is_string(w)
	startswith(w, "--")
	kv := split(substring(w, 2, -1), "=")
	kv[0] == name
	v := _val(kv)
]

_val(kv) := "true" if count(kv) == 1

_val(kv) := concat("=", array.slice(kv, 1, count(kv))) if count(kv) > 1

# flag is the last value given to --name (the one the binary uses); undefined if absent.
flag(c, name) := vs[count(vs) - 1] if {
	vs := values(c, name)
	count(vs) > 0
}

has_flag(c, name) if count(values(c, name)) > 0

# list splits a comma-separated flag value.
list(v) := [trim_space(x) | some x in split(v, ",")]

line(c) := lib.line_of(c, "command")

# kubelet_config is a KubeletConfiguration object.
kubelet_config := input.resource if input.resource.kind == "KubeletConfiguration"

describe(c, component) := sprintf("%s in %s %q", [component, k8s.kind, k8s.name])
