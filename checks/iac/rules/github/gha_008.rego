package shiftgate.rules.github.GHA_008

import data.shiftgate.lib
import data.shiftgate.lib.gha

metadata := {
	"id": "GHA-008",
	"title": "Self-hosted runner on pull request events",
	"severity": "high",
	"description": "Pull requests from forks run on the self-hosted runner: anyone can run code on your machine and persist there.",
	"remediation": "Use GitHub-hosted runners for pull_request workflows, or ephemeral isolated runners.",
	"references": [
		"https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners",
	],
	"cwe": [
		"CWE-284",
	],
}

self_hosted(r) if r == "self-hosted"

self_hosted(r) if {
	is_array(r)
	"self-hosted" in r
}

self_hosted(r) if {
	is_object(r)
	contains(lower(sprintf("%v", [object.get(r, "labels", "")])), "self-hosted")
}

deny contains {"msg": sprintf("job %q runs pull request code on a self-hosted runner", [id]), "line": lib.line_of(job, "runs-on")} if {
	some t in gha.triggers
	t in {"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}
	some [id, job] in gha.jobs
	self_hosted(job["runs-on"])
}
