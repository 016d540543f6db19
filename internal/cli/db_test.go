package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/testutil"
)

// TestDBPullThenOfflineScan is the offline workflow end to end: `db pull` from a local
// stand-in for OSV's bucket, then `scan --offline-db` of the vulnerable fixture finds
// each vulnerability at its lockfile line, with Go reachability, and exits 1.
func TestDBPullThenOfflineScan(t *testing.T) {
	t.Parallel()
	zips := map[string][]byte{}
	for _, eco := range []string{"Go", "npm", "PyPI"} {
		zips["/"+eco+"/all.zip"] = testutil.ZipDir(t, filepath.Join("..", "..", "checks", "deps", "testdata", "osv", eco))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := zips[r.URL.Path]; ok {
			w.Write(b)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()

	db := t.TempDir()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdout: &stdout, Stderr: &stderr}
	if code := Run(context.Background(), []string{"db", "pull", "--url", srv.URL, "--ecosystems", "Go,npm,PyPI", db}, env); code != ExitPass {
		t.Fatalf("db pull exit %d:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "--offline-db "+db) {
		t.Errorf("db pull does not say how to use the database:\n%s", stderr.String())
	}
	stderr.Reset()
	if code := Run(context.Background(), []string{"db", "pull", "--url", srv.URL, "--ecosystems", "Nope", db}, env); code != ExitError {
		t.Errorf("db pull of an unknown ecosystem: exit %d, want %d", code, ExitError)
	}
	if code := Run(context.Background(), []string{"db", "pull"}, env); code != ExitUsage {
		t.Errorf("db pull without a folder: exit %d, want %d", code, ExitUsage)
	}

	root := t.TempDir()
	testutil.CopyTree(t, filepath.Join("..", "..", "testdata", "repos", "deps-vulnerable"), root)
	testutil.WriteFile(t, root, ".shiftgate.yaml", "version: 1\nchecks: {sast: {enabled: false}, secrets: {enabled: false}, iac: {enabled: false}, deps: {unreachable: keep}}\n")
	out := filepath.Join(t.TempDir(), "out")
	stdout.Reset()
	stderr.Reset()
	code := Run(context.Background(), []string{"scan", "--offline-db", db, "--out", out, "--format", "json", "--quiet", root}, env)
	if code != ExitFail {
		t.Fatalf("scan exit %d, want %d\nstderr:\n%s", code, ExitFail, stderr.String())
	}
	var rep struct {
		Findings []struct {
			Rule      string
			Path      string
			Line      int
			Reachable *bool
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v", err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		r := "unknown"
		if f.Reachable != nil {
			r = map[bool]string{true: "reachable", false: "unreachable"}[*f.Reachable]
		}
		got[f.Rule] = f.Path + " " + r
	}
	for rule, want := range map[string]string{
		"GO-2022-1059":        "go.mod reachable",
		"GO-2026-5970":        "go.mod unreachable",
		"GHSA-29mw-wpgm-hmr9": "package-lock.json unknown",
		"GHSA-35jh-r3h4-6jhm": "package-lock.json unknown",
		"GHSA-g3rq-g295-4j3m": "poetry.lock unknown",
	} {
		if got[rule] != want {
			t.Errorf("%s: got %q, want %q (all: %v)", rule, got[rule], want, got)
		}
	}
	// Dependency findings in SARIF: a lockfile location, the CVSS-derived
	// security-severity, the aliases; valid for the schema and for GitHub.
	sarifFile := filepath.Join(out, "shiftgate.sarif")
	b, err := os.ReadFile(sarifFile)
	if err != nil {
		t.Fatal(err)
	}
	testutil.ValidateSARIF(t, b)
	testutil.MultitoolValidate(t, sarifFile)
	if _, err := os.Stat(filepath.Join(out, "vex.openvex.json")); err != nil {
		t.Errorf("no VEX document for the unreachable vulnerability: %v", err)
	}
}
