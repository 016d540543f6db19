package goenv

import (
	"slices"
	"strings"
	"testing"
)

func TestProxyNeverFallsBackToDirect(t *testing.T) {
	for in, want := range map[string]string{
		"https://proxy.golang.org,direct": "https://proxy.golang.org",
		"direct":                          "off",
		"":                                "off",
		"off":                             "off",
		"https://a.example|https://b.example,direct": "https://a.example|https://b.example",
		"direct,https://a.example":                   "https://a.example",
	} {
		if got := Proxy(in); got != want {
			t.Errorf("Proxy(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeEnvKeepsTheChecksumDatabaseOn(t *testing.T) {
	base := []string{"HOME=/home/runner", "GOPROXY=https://proxy.golang.org,direct", "GOSUMDB=off",
		"GONOSUMDB=*", "GONOSUMCHECK=1", "GOPRIVATE=evil.example", "GOINSECURE=*", "GOFLAGS=-toolexec=/tmp/x",
		"GOVCS=*:all", "GOENV=/tmp/evil.env", "GOTOOLCHAIN=go1.99.0+auto", "GOPACKAGESDRIVER=/repo/tools/gopackagesdriver.sh"}
	env := Safe(base, "-mod=readonly", "GOPROXY=direct")
	last := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		last[k] = v
	}
	want := map[string]string{"HOME": "/home/runner", "GOPROXY": "off", "GOFLAGS": "-mod=readonly", "GOVCS": "*:off",
		"GOENV": "off", "GOTOOLCHAIN": "local", "CGO_ENABLED": "0", "GOWORK": "off", "GOPACKAGESDRIVER": "off"}
	for k, v := range want {
		if last[k] != v {
			t.Errorf("%s = %q, want %q (env %q)", k, last[k], v, env)
		}
	}
	for _, k := range []string{"GOSUMDB", "GONOSUMDB", "GONOSUMCHECK", "GOPRIVATE", "GOINSECURE"} {
		if _, ok := last[k]; ok {
			t.Errorf("%s is passed on: %q", k, env)
		}
	}
	if !slices.Contains(Safe([]string{"PATH=/bin"}, ""), "GOPROXY=https://proxy.golang.org") {
		t.Errorf("without GOPROXY, the default proxy without direct: %q", Safe([]string{"PATH=/bin"}, ""))
	}
}
