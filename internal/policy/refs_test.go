package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
)

func TestNearest(t *testing.T) {
	ids := []string{"G101", "G104", "G401", "aws-access-token", "private-key", "GHA-004", "K8S-001"}
	for in, want := range map[string]string{
		"G1O4": "G104", "g104": "", "aws-acess-token": "aws-access-token", "GHA-04": "GHA-004",
		"privat-key": "private-key", "G9999": "", "totally-unrelated": "", "K8S-01": "K8S-001",
	} {
		if got := Nearest(in, ids); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStaleExceptionSaysWhy: an exception that matched nothing names the near-miss id
// a finding carries, or says that its paths are what missed.
func TestStaleExceptionSaysWhy(t *testing.T) {
	p, err := Parse("p.yaml", []byte(`version: 1
exceptions:
  - id: GHSA-69ch-w2m2-3vjq
    reason: typo in the last letter
  - id: K8S-001
    paths: ["other/**"]
    reason: paths that miss
  - id: G999
    reason: nothing like it
`))
	if err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{
		{Check: "deps", Rule: "GHSA-69ch-w2m2-3vjp", Aliases: []string{"CVE-2022-32149"}, Severity: finding.High, Path: "go.mod"},
		{Check: "iac", Rule: "K8S-001", Severity: finding.Critical, Path: "deploy/app.yaml"},
	}
	uses := p.Judge(fs, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	want := []string{
		`matched no finding: did you mean "GHSA-69ch-w2m2-3vjp", which this scan found? Otherwise remove it from the policy`,
		`matched no finding: its id names 1 finding(s), none under its paths ["other/**"]: correct the paths, or remove it from the policy`,
		`matched no finding: remove it from the policy`,
	}
	for i, u := range uses {
		if u.State != ExceptionStale || u.Message != want[i] {
			t.Errorf("exception %s: %s %q, want stale %q", u.ID, u.State, u.Message, want[i])
		}
	}
}

// TestCheckReferences covers what the testscript does not: paths through symbolic
// links, ids that cannot be known, and the embedded default.
func TestCheckReferences(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "r.rego"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	p, err := Parse("p.yaml", []byte("version: 1\nchecks:\n  iac:\n    rules: [link]\n    exclude: [K8S-001]\n"))
	if err != nil {
		t.Fatal(err)
	}
	called := false
	rep := p.CheckReferences(root, func(string) ([]string, error) { called = true; return []string{"K8S-001"}, nil })
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), `p.yaml:4:13: checks.iac.rules: "link" leaves the repository through a symbolic link`) {
		t.Errorf("errors: %v", rep.Errors)
	}
	if called {
		t.Error("the IaC rule ids were asked for although the rule folder is unusable")
	}
	if rep := Default().CheckReferences(root, func(string) ([]string, error) { return nil, nil }); len(rep.Errors)+len(rep.Warnings) > 0 {
		t.Errorf("the embedded default policy: %v %v", rep.Errors, rep.Warnings)
	}
}

func TestPackageExceptionIDs(t *testing.T) {
	for id, want := range map[string]bool{
		"pkg:deb/debian/libssl3":      true,
		"pkg:npm/%40babel/core@7.0.0": true,
		"Debian/libssl3":              true,
		"Debian:12/libssl3":           true,
		"debian/libssl3":              false, // OSV's ecosystems are case-sensitive
		"Rocky Linux:9/openssl-libs":  true,
		"Go/golang.org/x/net":         false, // a Go module path has slashes: use its purl
		"go/sql-injection":            false, // a rule id, checked (with did-you-mean) as one
		"k8s/privileged":              false,
		"Debian/":                     false,
		"Debian/a/b":                  false,
		"pkg:":                        false,
		"Debain/libssl3":              false,
	} {
		if got := isPackageID(id); got != want {
			t.Errorf("isPackageID(%q) = %v, want %v", id, got, want)
		}
	}
}
