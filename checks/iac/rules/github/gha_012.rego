package shiftgate.rules.github.GHA_012

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-012",
	"title": "Comment-triggered job without an authorization check",
	"severity": "high",
	"description": "A job that reacts to a slash command in an issue comment runs for anyone who can comment, unless it checks the author's association.",
	"remediation": "Add a condition on `github.event.comment.author_association` (OWNER, MEMBER, COLLABORATOR) to the job's if.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
	],
	"cwe": [
		"CWE-285",
	],
}

deny contains {"msg": sprintf("job %q acts on comment text without checking who wrote it", [id]), "line": lib.line_of(job, "if")} if {
	some t in gha.triggers
	t in {"issue_comment", "pull_request_review_comment", "discussion_comment"}
	some [id, job] in gha.jobs
	is_string(job["if"])
	contains(job["if"], "github.event.comment.body")
	not regex.match(`author_association|github\.actor|github\.triggering_actor|github\.event\.comment\.user\.login|github\.event\.sender\.login`, job["if"])
	not permission_check(job)
}

permission_check(job) if {
	some s in job.steps
	regex.match(`author_association|getCollaboratorPermissionLevel|permission`, sprintf("%v", [s]))
}

# A step that uses an action known to check the commenter's repository permission
# itself before it acts (it calls the collaborator-permission API and stops for anyone
# below triage) is the authorization check.
permission_check(job) if {
	some s in job.steps
	is_string(s.uses)
	some a in authorizing_actions
	startswith(s.uses, concat("", [a, "@"]))
}

authorizing_actions := {"prometheus/promci/approve_workflows"}
