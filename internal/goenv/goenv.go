// Package goenv builds the environment of every go command the gate runs (gosec's
// package loading, govulncheck, the inventory's go version probe). The repository
// chooses its go.mod, so it chooses which module paths the go command resolves; this
// environment makes sure resolving them never reaches a host the pull request picks:
//
//   - GOPROXY keeps the runner's proxies without `direct` (no go-get meta tags, no git
//     or hg clone of a vanity import path); only `direct` becomes `off`;
//   - GOPRIVATE, GONOPROXY, GONOSUMDB, GONOSUMCHECK and GOINSECURE are dropped, GOVCS is
//     `*:off`, and GOSUMDB=off is dropped: the checksum database stays on;
//   - GOENV=off (no go env -w file can bring any of them back), GOFLAGS is the gate's own,
//     GOTOOLCHAIN=local, CGO_ENABLED=0 and GOWORK=off, as before;
//   - GOPACKAGESDRIVER=off: go/packages (gosec's load, govulncheck) runs go list, never a
//     driver program the runner names (Bazel's, often a script in the repository), and
//     so loads what the SAST root loader's own go list loads.
//
// docs/security.md lists this under "No fetches the PR chooses". Toolchain asks the go
// command for its version and platform once per environment for a whole scan.
package goenv

import (
	"os"
	"strings"
)

// dropped are the variables whose runner or job value is never passed on.
var dropped = map[string]bool{
	"GOFLAGS": true, "GOPRIVATE": true, "GONOPROXY": true, "GONOSUMDB": true, "GONOSUMCHECK": true,
	"GOINSECURE": true, "GOVCS": true, "GOENV": true, "GOTOOLCHAIN": true, "CGO_ENABLED": true, "GOWORK": true,
	"GOPACKAGESDRIVER": true,
}

// Safe returns base (os.Environ() when nil) with extra applied over it, then the
// gate's settings, goflags as GOFLAGS. Later entries of a Go environment win, and the
// gate's come last.
func Safe(base []string, goflags string, extra ...string) []string {
	if base == nil {
		base = os.Environ()
	}
	vals := map[string]string{}
	var order []string
	for _, kv := range append(append([]string(nil), base...), extra...) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, seen := vals[k]; !seen {
			order = append(order, k)
		}
		vals[k] = v
	}
	out := make([]string, 0, len(order)+10)
	for _, k := range order {
		v := vals[k]
		switch {
		case dropped[k]:
			continue
		case k == "GOPROXY":
			v = Proxy(v)
		case k == "GOSUMDB" && (strings.TrimSpace(v) == "off" || strings.TrimSpace(v) == ""):
			continue
		}
		out = append(out, k+"="+v)
	}
	if _, ok := vals["GOPROXY"]; !ok {
		out = append(out, "GOPROXY="+Proxy("https://proxy.golang.org,direct"))
	}
	return append(out,
		"GOENV=off",
		"GOVCS=*:off",
		"GOFLAGS="+goflags,
		"GOTOOLCHAIN=local",
		"CGO_ENABLED=0",
		"GOWORK=off",
		"GOPACKAGESDRIVER=off",
	)
}

// Proxy removes `direct` from a GOPROXY list, keeping the separators' meaning; a list
// left empty is `off`.
func Proxy(list string) string {
	var b strings.Builder
	sep := ""
	rest := strings.TrimSpace(list)
	for rest != "" {
		i := strings.IndexAny(rest, ",|")
		item, next, nextSep := rest, "", ""
		if i >= 0 {
			item, nextSep, next = rest[:i], rest[i:i+1], rest[i+1:]
		}
		item = strings.TrimSpace(item)
		if item != "" && item != "direct" {
			b.WriteString(sep + item)
			sep = nextSep
			if sep == "" {
				sep = ","
			}
		}
		rest = next
	}
	if b.Len() == 0 {
		return "off"
	}
	return b.String()
}
