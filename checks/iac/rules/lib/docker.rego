# Dockerfile helpers: RUN commands split into simple commands, and stages.
package shiftgate.lib.docker

instructions := input.instructions

stages := input.stages

final_stage := count(stages) - 1

# run_text is the shell text of a RUN (exec form joined with spaces, heredocs appended).
run_text(i) := concat(" ", array.concat([_body(i)], object.get(i, "heredocs", [])))

_body(i) := concat(" ", i.args) if i.json

_body(i) := i.value if not i.json

runs contains i if {
	some i in instructions
	i.cmd == "run"
}

# segments are the simple commands of a RUN, split at && || ; | and newlines.
segments(i) := [s |
	some raw in regex.split(`&&|\|\||;|\||\n`, run_text(i))
	s := trim_space(raw)
	s != ""
]

# words of a simple command, with a leading sudo, env assignments and "command" removed.
words(seg) := ws if {
	all := [w | some w in regex.split(`\s+`, seg); w != ""]
	ws := _strip(all)
}

_strip(ws) := array.slice(ws, n, count(ws)) if {
	skips := [i | some i, w in ws; not _skippable(w)]
	count(skips) > 0
	n := min(skips)
}

_strip(ws) := [] if {
	every w in ws { _skippable(w) }
}

_skippable(w) if w in {"sudo", "command", "exec", "nohup", "env"}

_skippable(w) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, w)

# commands holds [instruction, words] for every simple command of every RUN.
commands contains [i, w] if {
	some i in runs
	some seg in segments(i)
	w := words(seg)
	count(w) > 0
}

# uses holds when w is "<mgr> ... <verb> ..." for one of the verbs.
uses(w, mgrs, verbs) if {
	w[0] in mgrs
	some v in verbs
	v in w
}

# packages are the words after the verb that are not options.
packages(w, verb) := [p |
	some idx, p in w
	idx > _index(w, verb)
	not startswith(p, "-")
	p != "\\"
]

_index(w, v) := min([i | some i, x in w; x == v])

has_flag(w, flags) if {
	some x in w
	some f in flags
	x == f
}

has_flag(w, flags) if {
	some x in w
	some f in flags
	startswith(f, "--")
	startswith(x, concat("", [f, "="]))
}

# short-option clusters such as -qy
has_flag(w, flags) if {
	some x in w
	regex.match(`^-[a-zA-Z]+$`, x)
	some f in flags
	regex.match(`^-[a-zA-Z]$`, f)
	contains(x, substring(f, 1, 1))
}

image_tag(img) := "" if not contains(_last(split(img, "@")[0]), ":")

image_tag(img) := t if {
	last := _last(split(img, "@")[0])
	contains(last, ":")
	parts := split(last, ":")
	t := parts[count(parts) - 1]
}

_last(img) := p if {
	parts := split(img, "/")
	p := parts[count(parts) - 1]
}

has_digest(img) if contains(img, "@sha256:")

# external holds for a stage built FROM a registry image (not scratch, not an earlier stage).
external(s) if {
	not s.stage_ref
	not s.scratch
	not contains(s.image, "$")
}
