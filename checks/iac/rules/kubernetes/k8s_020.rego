package shiftgate.rules.kubernetes.K8S_020

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-020",
	"title": "Image tag is latest or missing",
	"severity": "medium",
	"description": "An image without a tag, or tagged latest, changes under you: builds are not reproducible and a compromised tag is pulled silently.",
	"remediation": "Pin the image to a version tag, better to a digest (`image@sha256:…`).",
	"references": [
		"https://kubernetes.io/docs/concepts/containers/images/#image-names",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s uses image %q without a fixed tag", [k8s.describe(c), c.image]), "line": lib.line_of(c, "image")} if {
	some c in k8s.containers
	is_string(c.image)
	not k8s.has_digest(object.get(c, "image", ""))
	k8s.image_tag(c.image) in {"", "latest"}
}
