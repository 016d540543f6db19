package shiftgate.rules.kubernetes.K8S_021

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-021",
	"title": "Image not pinned by digest",
	"severity": "low",
	"description": "A tag can be moved to another image; only a digest names exactly what runs.",
	"remediation": "Reference the image by digest: `name:tag@sha256:…`.",
	"references": [
		"https://kubernetes.io/docs/concepts/containers/images/#image-names",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s image %q is not pinned by digest", [k8s.describe(c), c.image]), "line": lib.line_of(c, "image")} if {
	some c in k8s.containers
	is_string(c.image)
	not k8s.has_digest(object.get(c, "image", ""))
}
