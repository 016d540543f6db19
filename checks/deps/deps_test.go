package deps

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

func TestVulnerableFixtureOffline(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := byRule(res.Findings)
	for _, f := range res.Findings {
		t.Logf("%s:%d %s %s %v reach=%v %s", f.Path, f.Line, f.Rule, f.Severity, f.Aliases, ptr(f.Reachable), f.Message)
	}
	type want struct {
		key, path, line string
		sev             finding.Severity
		reachable       *bool
		aliases         []string
	}
	yes, no := true, false
	wants := []want{
		{"GO-2022-1059 golang.org/x/text", "go.mod", "golang.org/x/text", finding.High, &yes, []string{"CVE-2022-32149", "GHSA-69ch-w2m2-3vjp"}},
		{"GO-2026-5970 golang.org/x/text", "go.mod", "golang.org/x/text", finding.High, &no, []string{"CVE-2026-56852"}},
		{"GHSA-35jh-r3h4-6jhm lodash", "package-lock.json", `"node_modules/lodash"`, finding.High, nil, []string{"CVE-2021-23337"}},
		{"GHSA-29mw-wpgm-hmr9 lodash", "package-lock.json", `"node_modules/lodash"`, finding.Medium, nil, []string{"CVE-2020-28500"}},
		{"GHSA-g3rq-g295-4j3m jinja2", "poetry.lock", `name = "jinja2"`, finding.Medium, nil, []string{"CVE-2020-28493", "PYSEC-2021-66"}},
	}
	if len(res.Findings) != len(wants) {
		t.Errorf("got %d findings, want %d", len(res.Findings), len(wants))
	}
	for _, w := range wants {
		f, ok := got[w.key]
		if !ok {
			t.Errorf("missing finding %s", w.key)
			continue
		}
		if f.Path != w.path || f.Line != testutil.LineOf(t, filepath.Join(root, w.path), w.line) {
			t.Errorf("%s at %s:%d, want %s line of %q", w.key, f.Path, f.Line, w.path, w.line)
		}
		if f.Severity != w.sev {
			t.Errorf("%s severity %s, want %s", w.key, f.Severity, w.sev)
		}
		if !slices.Equal(f.Aliases, w.aliases) {
			t.Errorf("%s aliases %v, want %v", w.key, f.Aliases, w.aliases)
		}
		if (w.reachable == nil) != (f.Reachable == nil) || (w.reachable != nil && *w.reachable != *f.Reachable) {
			t.Errorf("%s reachable = %v, want %v", w.key, ptr(f.Reachable), ptr(w.reachable))
		}
		if f.Package == nil || len(f.Package.Fixed) == 0 {
			t.Errorf("%s has no fixed version", w.key)
		}
	}
	if f := got["GO-2022-1059 golang.org/x/text"]; !strings.Contains(f.Message, "ParseAcceptLanguage") || !strings.Contains(f.Message, "main.go:15") {
		t.Errorf("reachable finding has no call path: %s", f.Message)
	}
	if f := got["GO-2026-5970 golang.org/x/text"]; !strings.Contains(f.Message, "treated as high") {
		t.Errorf("a Go record without severity must say it is treated as high: %s", f.Message)
	}
	if f := got["GO-2022-1059 golang.org/x/text"]; strings.Contains(f.Message, "treated as high") || f.Score != 7.5 {
		t.Errorf("GO-2022-1059 should take its CVSS from the GHSA alias (7.5), got %.1f: %s", f.Score, f.Message)
	}
	// The inventory lists every package once, with the stdlib at the local toolchain.
	var names []string
	for _, p := range res.Inventory.Packages {
		names = append(names, p.Ecosystem+"/"+p.Name+"@"+p.Version)
	}
	wantInv := []string{"Go/golang.org/x/text@0.3.7", "Go/stdlib@1.26.8", "PyPI/jinja2@2.11.2", "PyPI/markupsafe@2.0.1", "npm/lodash@4.17.20", "npm/ms@2.1.3"}
	if !slices.Equal(names, wantInv) {
		t.Errorf("inventory = %v, want %v", names, wantInv)
	}
	for _, p := range res.Inventory.Packages {
		if (p.Name == "lodash" || p.Name == "golang.org/x/text") && (p.Direct == nil || !*p.Direct) {
			t.Errorf("%s is a direct dependency, inventory says %v", p.Name, ptr(p.Direct))
		}
		if len(p.Locations) == 0 || p.Locations[0].Line == 0 {
			t.Errorf("%s has no location line", p.Name)
		}
	}
}

func TestCleanTwinHasNoFindings(t *testing.T) {
	root := copyRepo(t, "deps-clean")
	db := buildDB(t, "osv-scanner", "Go", "npm", "PyPI")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("clean twin has %d findings: %+v", len(res.Findings), res.Findings)
	}
	if len(res.Inventory.Packages) != 6 {
		t.Errorf("clean inventory has %d packages, want 6", len(res.Inventory.Packages))
	}
}

func ptr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
