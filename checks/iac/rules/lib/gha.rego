# GitHub Actions helpers: triggers, jobs and steps of a workflow or composite action.
package shiftgate.lib.gha

import data.shiftgate.lib

wf := input.workflow

is_workflow if input.kind == "workflow"

# triggers is the set of event names in "on:" (string, list or mapping).
triggers contains t if {
	is_string(wf.on)
	t := wf.on
}

triggers contains t if {
	is_array(wf.on)
	some t in wf.on
}

triggers contains t if {
	is_object(wf.on)
	some t, _ in wf.on
	not startswith(t, "__")
}

trigger_line(t) := lib.line_of(wf.on, t) if is_object(wf.on)

trigger_line(_) := lib.line_of(wf, "on") if not is_object(wf.on)

privileged if {
	some t in triggers
	t in {"pull_request_target", "workflow_run"}
}

jobs contains [id, job] if {
	some id, job in wf.jobs
	not startswith(id, "__")
	is_object(job)
}

# steps yields [job id, step] for workflow jobs and composite action steps.
steps contains [id, s] if {
	some [id, job] in jobs
	some s in job.steps
	is_object(s)
}

steps contains ["(composite)", s] if {
	input.kind == "action"
	some s in input.action.runs.steps
	is_object(s)
}

# action_ref splits "owner/repo/path@ref" into [name, ref].
action_ref(uses) := [name, ref] if {
	parts := split(uses, "@")
	count(parts) == 2
	name := parts[0]
	ref := parts[1]
}

is_sha(ref) if regex.match(`^[0-9a-f]{40}$`, ref)

is_checkout(s) if startswith(lower(object.get(s, "uses", "")), "actions/checkout@")

# untrusted matches expressions that carry attacker-controlled text.
untrusted_re := `\$\{\{[^}]*(github\.event\.(issue\.(title|body)|pull_request\.(title|body|head\.ref|head\.label|head\.repo\.default_branch)|comment\.body|review\.body|review_comment\.body|discussion\.(title|body)|pages\b[^}]*page_name|commits\b[^}]*(message|author)|head_commit\.(message|author)|workflow_run\.(head_branch|head_commit\.(message|author)|display_title|pull_requests\b[^}]*head\.ref))|github\.head_ref)[^}]*\}\}`

untrusted(text) if regex.match(untrusted_re, text)

first_untrusted(text) := regex.find_n(untrusted_re, text, 1)[0]
