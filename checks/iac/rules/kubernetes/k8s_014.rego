package shiftgate.rules.kubernetes.K8S_014

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-014",
	"title": "Container runtime socket mounted",
	"severity": "critical",
	"description": "Mounting the Docker, containerd or CRI-O socket gives the pod control of every container on the node.",
	"remediation": "Do not mount the runtime socket; build images with an unprivileged builder (BuildKit rootless, kaniko).",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	],
	"cwe": [
		"CWE-668",
	],
}

sockets := {"/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/var/run/docker", "/var/run"}

deny contains {"msg": sprintf("volume %q of %s %q mounts the container runtime socket %s", [v.name, k8s.kind, k8s.name, v.hostPath.path]), "line": lib.line_of(v.hostPath, "path")} if {
	some v in k8s.pod_spec.volumes
	trim_suffix(v.hostPath.path, "/") in sockets
}
