package shiftgate.rules.github.GHA_004

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-004",
	"title": "Third-party action not pinned to a commit SHA",
	"severity": "medium",
	"description": "A tag or branch of a third-party action can be moved to malicious code (as happened to tj-actions/changed-files); only a full commit SHA is immutable.",
	"remediation": "Pin to the full 40-character commit SHA, with the version in a comment: `uses: owner/action@<sha> # v1.2.3`.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
	],
	"cwe": [
		"CWE-829",
	],
}

first_party(name) if startswith(lower(name), "actions/")

first_party(name) if startswith(lower(name), "github/")

deny contains {"msg": sprintf("%s is pinned to %q, not a commit SHA", [parts[0], parts[1]]), "line": lib.line_of(s, "uses")} if {
	some [_, s] in gha.steps
	uses := s.uses
	is_string(uses)
	not startswith(uses, "./")
	not startswith(uses, "docker://")
	parts := gha.action_ref(uses)
	not gha.is_sha(parts[1])
	not first_party(parts[0])
}

deny contains {"msg": sprintf("%s is not pinned to a ref at all", [uses]), "line": lib.line_of(s, "uses")} if {
	some [_, s] in gha.steps
	uses := s.uses
	is_string(uses)
	not startswith(uses, "./")
	not startswith(uses, "docker://")
	not contains(uses, "@")
}

deny contains {"msg": sprintf("job %q calls reusable workflow %s pinned to %q, not a commit SHA", [id, parts[0], parts[1]]), "line": lib.line_of(job, "uses")} if {
	some [id, job] in gha.jobs
	is_string(job.uses)
	not startswith(job.uses, "./")
	parts := gha.action_ref(job.uses)
	not gha.is_sha(parts[1])
	not first_party(parts[0])
}
