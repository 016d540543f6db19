package shiftgate.rules.kubernetes.K8S_015

import data.shiftgate.lib
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-015",
	"title": "Sensitive host directory mounted writable",
	"severity": "high",
	"description": "A container that can write to /etc, /bin, /usr, /boot, /lib or /var on a host mount can take over the node.",
	"remediation": "Mount the directory with `readOnly: true`, or do not mount it.",
	"references": [
		"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	],
	"cwe": [
		"CWE-732",
	],
}

dirs := {"/bin", "/sbin", "/boot", "/cdrom", "/dev", "/etc", "/home", "/lib", "/lib64", "/media", "/opt", "/proc", "/root", "/run", "/selinux", "/srv", "/sys", "/usr", "/var"}

sensitive(p) if {
	some d in dirs
	p == d
}

sensitive(p) if {
	some d in dirs
	startswith(p, concat("", [d, "/"]))
}

where(m) := lib.line_of(m, "readOnly") if lib.has(m, "readOnly")

where(m) := lib.line_of(m, "name") if not lib.has(m, "readOnly")

deny contains {"msg": sprintf("%s mounts %s writable", [k8s.describe(c), m.mountPath]), "line": where(m)} if {
	some c in k8s.containers
	some m in c.volumeMounts
	sensitive(trim_suffix(m.mountPath, "/"))
	not lib.true_at(m, ["readOnly"])
	v := k8s.volume(m)
	v.hostPath
}
