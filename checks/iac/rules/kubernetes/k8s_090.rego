package shiftgate.rules.kubernetes.K8S_090

import data.shiftgate.lib
import data.shiftgate.lib.cp
import data.shiftgate.lib.k8s

metadata := {
	"id": "K8S-090",
	"title": "Weak TLS cipher suites allowed",
	"severity": "medium",
	"description": "--tls-cipher-suites (or tlsCipherSuites) lists suites without forward secrecy or with CBC, RC4 or 3DES, which the CIS Kubernetes Benchmark excludes.",
	"remediation": "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (and the TLS 1.3 suites).",
	"references": ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
	"cwe": ["CWE-327"],
	"cis": ["CIS Kubernetes 1.8.0 1.2.30"],
}

strong := {
	"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
}

deny contains {"msg": sprintf("%s allows weak cipher suites %v", [cp.describe(c, comp), weak]), "line": cp.line(c)} if {
	some comp in ["kube-apiserver", "kubelet", "kube-controller-manager", "kube-scheduler", "etcd"]
	some c in cp.containers(comp)
	flag := {"etcd": "cipher-suites"}[comp]
	weak := [s | some s in cp.list(cp.flag(c, flag)); not s in strong]
	count(weak) > 0
}

deny contains {"msg": sprintf("%s allows weak cipher suites %v", [cp.describe(c, comp), weak]), "line": cp.line(c)} if {
	some comp in ["kube-apiserver", "kubelet", "kube-controller-manager", "kube-scheduler"]
	some c in cp.containers(comp)
	weak := [s | some s in cp.list(cp.flag(c, "tls-cipher-suites")); not s in strong]
	count(weak) > 0
}

deny contains {"msg": sprintf("KubeletConfiguration allows weak cipher suites %v", [weak]), "line": lib.line_of(cfg, "tlsCipherSuites")} if {
	cfg := cp.kubelet_config
	weak := [s | some s in cfg.tlsCipherSuites; not s in strong]
	count(weak) > 0
}
