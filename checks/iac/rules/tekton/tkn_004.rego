package shiftgate.rules.tekton.TKN_004

import data.shiftgate.lib
import data.shiftgate.lib.k8s
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-004",
	"title": "Step image tag is latest or missing",
	"severity": "medium",
	"description": "A step image without a tag, or tagged latest, changes under you.",
	"remediation": "Pin the step image to a version, better a digest.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-steps",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s uses image %q without a fixed tag", [tekton.describe(st), st.image]), "line": lib.line_of(st, "image")} if {
	some st in tekton.steps
	is_string(st.image)
	not contains(st.image, "$(")
	not k8s.has_digest(st.image)
	k8s.image_tag(st.image) in {"", "latest"}
}
