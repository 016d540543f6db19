package shiftgate.rules.tekton.TKN_005

import data.shiftgate.lib
import data.shiftgate.lib.k8s
import data.shiftgate.lib.tekton

metadata := {
	"id": "TKN-005",
	"title": "Step image not pinned by digest",
	"severity": "low",
	"description": "A tag can be moved to another image; only a digest names exactly what the step runs.",
	"remediation": "Reference the image by digest: `image:tag@sha256:…`.",
	"references": [
		"https://tekton.dev/docs/pipelines/tasks/#specifying-steps",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s image %q is not pinned by digest", [tekton.describe(st), st.image]), "line": lib.line_of(st, "image")} if {
	some st in tekton.steps
	is_string(st.image)
	not contains(st.image, "$(")
	not k8s.has_digest(st.image)
}
