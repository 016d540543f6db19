package shiftgate.rules.kubernetes.K8S_080

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-080",
	"title": "PodSecurityPolicy allows writable host paths",
	"severity": "high",
	"description": "A PodSecurityPolicy that lists no allowedHostPaths, or lists one without readOnly: true, admits pods that write to the node's file system.",
	"remediation": "List the host paths pods may mount under allowedHostPaths, each with readOnly: true.",
	"references": ["https://kubernetes.io/docs/concepts/security/pod-security-policy/"],
	"cwe": ["CWE-732"],
}

deny contains {"msg": sprintf("PodSecurityPolicy %q does not restrict host paths", [k8s.name]), "line": lib.line_of(k8s.resource, "spec")} if {
	k8s.kind == "PodSecurityPolicy"
	not k8s.resource.spec.allowedHostPaths
	host_path_volumes
}

deny contains {"msg": sprintf("PodSecurityPolicy %q allows host path %v writable", [k8s.name, object.get(p, "pathPrefix", "")]), "line": lib.line_of(p, "readOnly")} if {
	k8s.kind == "PodSecurityPolicy"
	some p in k8s.resource.spec.allowedHostPaths
	not lib.is_true(object.get(p, "readOnly", false))
}

# host_path_volumes holds when the policy admits hostPath volumes (or sets no list).
host_path_volumes if not k8s.resource.spec.volumes

host_path_volumes if {
	some v in k8s.resource.spec.volumes
	v in {"*", "hostPath"}
}
