# Helpers shared by the rule pack; user rules may import them too.
package shiftgate.lib

# line_of is the line of obj's key, or of obj itself when the key is absent.
line_of(obj, key) := obj.__lines__[key]

line_of(obj, key) := obj.__line__ if not obj.__lines__[key]

# block_line is the line inside a literal/folded block scalar (key: |) that holds
# the first occurrence of needle; for plain scalars it is the key's line.
block_line(obj, key, needle) := l if {
	start := obj.__blocks__[key]
	parts := split(obj[key], "\n")
	some i, p in parts
	contains(p, needle)
	not _earlier(parts, i, needle)
	l := start + i
}

block_line(obj, key, _) := line_of(obj, key) if not obj.__blocks__[key]

_earlier(parts, i, needle) if {
	some j, p in parts
	j < i
	contains(p, needle)
}

# is_true holds for true and for the strings YAML 1.1 tools treat as true.
is_true(v) if v == true

is_true(v) if lower(v) == "true"

is_false(v) if v == false

is_false(v) if lower(v) == "false"

# true_at holds when the value at path under obj is true. Unlike is_true(obj.a.b), it
# can be negated safely when the path is missing ("not is_true(x.y)" is never true
# when x.y is undefined, because Rego evaluates the argument first).
true_at(obj, path) if is_true(object.get(obj, path, null))

false_at(obj, path) if is_false(object.get(obj, path, null))

# has holds when obj has key set to a non-null value.
has(obj, key) if object.get(obj, key, null) != null
