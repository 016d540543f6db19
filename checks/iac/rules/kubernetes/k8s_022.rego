package shiftgate.rules.kubernetes.K8S_022

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-022",
	"title": "imagePullPolicy is not Always",
	"severity": "info",
	"description": "With IfNotPresent or Never a node may run a stale or tampered local copy of the image.",
	"remediation": "Set `imagePullPolicy: Always`, or pin images by digest.",
	"references": [
		"https://kubernetes.io/docs/concepts/containers/images/#updating-images",
	],
	"cwe": [
		"CWE-1357",
	],
}

deny contains {"msg": sprintf("%s has imagePullPolicy %s", [k8s.describe(c), c.imagePullPolicy]), "line": lib.line_of(c, "imagePullPolicy")} if {
	some c in k8s.containers
	c.imagePullPolicy != "Always"
	not k8s.has_digest(object.get(c, "image", ""))
}

deny contains {"msg": sprintf("%s does not set imagePullPolicy: Always", [k8s.describe(c)]), "line": c.__line__} if {
	some c in k8s.containers
	not c.imagePullPolicy
	not k8s.has_digest(object.get(c, "image", ""))
	k8s.image_tag(object.get(c, "image", "")) != "latest"
	k8s.image_tag(object.get(c, "image", "")) != ""
}
