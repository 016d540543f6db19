package policydiff

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"

	"github.com/shiftgate/shiftgate/internal/testutil"
)

const base = `version: 1
fail:
  severity: high
paths:
  exclude: ["vendor/**"]
checks:
  sast:
    exclude: [G104]
exceptions:
  - id: GHSA-aaaa-bbbb-cccc
    paths: ["web/**"]
    reason: "never called"
    expires: 2027-01-31
`

const weakened = `version: 1
mode: audit
fail:
  severity: critical
  on_error: warn
  new_only: true
paths:
  exclude:
    - "vendor/**"
    - "internal/**"
checks:
  sast:
    exclude: [G104, G201]
  secrets:
    enabled: false
  deps:
    unreachable: ignore
    vex: [".vex/*.json"]
exceptions:
  - id: GHSA-aaaa-bbbb-cccc
    paths: ["web/**"]
    reason: "never called"
    expires: 2027-01-31
  - id: G101
    reason: "test keys only"
    owner: "@sec"
`

func parse(t *testing.T, name, src string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiffReportsEachLooseningAtItsLine(t *testing.T) {
	fs := Diff(parse(t, "old", base), parse(t, ".shiftgate.yaml", weakened), []byte(weakened), ".shiftgate.yaml")
	got := map[string]bool{}
	for _, f := range fs {
		if f.Check != Check || f.Path != ".shiftgate.yaml" {
			t.Errorf("finding %+v: want check policy on .shiftgate.yaml", f)
		}
		got[fmt.Sprintf("%s:%d:%s", f.Rule, f.Line, f.Severity)] = true
	}
	for _, want := range []string{
		"POLICY-004:2:high",    // mode: audit
		"POLICY-001:4:medium",  // fail.severity
		"POLICY-005:5:medium",  // on_error
		"POLICY-008:6:medium",  // new_only
		"POLICY-006:10:medium", // the new exclude item, at its own line
		"POLICY-007:13:medium", // sast.exclude G201 (flow list: the key's line)
		"POLICY-003:15:high",   // secrets disabled
		"POLICY-007:17:medium", // unreachable: ignore
		"POLICY-009:18:medium", // vex
		"POLICY-002:24:medium", // the new exception, at its first line
	} {
		if !got[want] {
			t.Errorf("missing %s; got %v", want, got)
		}
	}
	if len(fs) != 10 {
		t.Errorf("%d findings, want 10 (the unchanged exception and excludes are no loosening): %+v", len(fs), fs)
	}
	for _, f := range fs {
		if f.Rule == RuleException && !strings.Contains(f.Message, `new exception "G101" (test keys only, owner @sec)`) {
			t.Errorf("exception message = %q", f.Message)
		}
	}
}

func TestDiffOfTighteningIsEmpty(t *testing.T) {
	// The reverse change tightens everything: nothing to report.
	if fs := Diff(parse(t, "old", weakened), parse(t, "new", base), []byte(base), ".shiftgate.yaml"); len(fs) != 0 {
		t.Errorf("tightening reported as loosening: %+v", fs)
	}
	if fs := Diff(parse(t, "old", base), parse(t, "new", base), []byte(base), ".shiftgate.yaml"); len(fs) != 0 {
		t.Errorf("no change reported: %+v", fs)
	}
}

func TestDiffWidenedException(t *testing.T) {
	wider := strings.Replace(base, `    paths: ["web/**"]`+"\n", "", 1)
	wider = strings.Replace(wider, "2027-01-31", "2028-01-31", 1)
	fs := Diff(parse(t, "old", base), parse(t, "new", wider), []byte(wider), ".shiftgate.yaml")
	if len(fs) != 1 || fs[0].Rule != RuleException || fs[0].Line != 10 || !strings.HasPrefix(fs[0].Message, "widened exception") {
		t.Errorf("widened exception: %+v", fs)
	}
}

func TestFingerprintsIgnoreFormatting(t *testing.T) {
	a := Diff(parse(t, "old", base), parse(t, "new", weakened), []byte(weakened), ".shiftgate.yaml")
	reformatted := "# a comment moves every line\n\n" + weakened
	b := Diff(parse(t, "old", base), parse(t, "new", reformatted), []byte(reformatted), ".shiftgate.yaml")
	finding.AssignFingerprints(a)
	finding.AssignFingerprints(b)
	fa, fb := map[string]bool{}, map[string]bool{}
	for i := range a {
		fa[a[i].Fingerprint] = true
		fb[b[i].Fingerprint] = true
	}
	for k := range fa {
		if !fb[k] {
			t.Errorf("fingerprint %s changed when lines moved", k)
		}
	}
}

func TestCompareReadsTheBaseVersionFromGit(t *testing.T) {
	dir := t.TempDir()
	git := testutil.Git(t, dir)
	git("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, ".shiftgate.yaml"), []byte(base), 0o644)
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	baseCommit := git("rev-parse", "HEAD")
	os.WriteFile(filepath.Join(dir, ".shiftgate.yaml"), []byte(strings.Replace(base, "severity: high", "severity: critical", 1)), 0o644)
	git("commit", "-q", "-am", "loosen")

	rep, err := Compare(context.Background(), dir, baseCommit, ".shiftgate.yaml")
	if err != nil || len(rep.Notes) != 0 {
		t.Fatal(err, rep)
	}
	fs := rep.Findings
	if rep.BaseFailSeverity != finding.High {
		t.Errorf("base fail severity = %s, want high", rep.BaseFailSeverity)
	}
	if len(fs) != 1 || fs[0].Rule != RuleFailSeverity || fs[0].Line != 3 {
		t.Errorf("findings = %+v, want POLICY-001 at line 3", fs)
	}

	// The policy file deleted: the default policy applies, which drops the exception
	// but also the vendor exclude... only loosenings count.
	os.Remove(filepath.Join(dir, ".shiftgate.yaml"))
	rep, err = Compare(context.Background(), dir, baseCommit, ".shiftgate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 {
		t.Error("deleting the policy file loosened nothing?")
	}
	for _, f := range rep.Findings {
		if f.Line != 0 {
			t.Errorf("a deleted file has no lines: %+v", f)
		}
	}
}
