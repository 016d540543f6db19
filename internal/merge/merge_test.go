package merge

import (
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		arg         string
		dir, prefix string
		wantErr     bool
	}{
		{arg: "out/a", dir: "out/a"},
		{arg: "services/api=out/api", dir: "out/api", prefix: "services/api"},
		{arg: "./svc/=svc/.shiftgate/out", dir: "svc/.shiftgate/out", prefix: "svc"},
		{arg: "a/../../b=out", wantErr: true},
		{arg: ".=out", dir: "out", prefix: ""},
		{arg: "../up=out", wantErr: true},
		{arg: "/abs=out", wantErr: true},
		{arg: "svc=", wantErr: true},
	} {
		s, err := ParseShard(c.arg)
		if (err != nil) != c.wantErr {
			t.Errorf("%q: err = %v", c.arg, err)
			continue
		}
		if err == nil && (s.Dir != c.dir || s.Prefix != c.prefix) {
			t.Errorf("%q = %+v, want dir %q prefix %q", c.arg, s, c.dir, c.prefix)
		}
	}
}

func TestMergeDeduplicatesAndKeepsTheStrictestCopy(t *testing.T) {
	f := finding.Finding{Check: "sast", Rule: "G201", Path: "db.go", Line: 3, Fingerprint: "fp1", Severity: finding.High}
	allowed, blocking := f, f
	allowed.Status, blocking.Status = finding.StatusAllowed, finding.StatusBlocking
	other := finding.Finding{Check: "sast", Rule: "G104", Path: "main.go", Fingerprint: "fp2", Severity: finding.Low, Status: finding.StatusAllowed}
	a := &result.Result{Verdict: result.Pass, Mode: "enforce", FailSeverity: finding.Critical, Findings: []finding.Finding{allowed, other},
		Checks:     []result.Check{{Name: "sast", Status: result.StatusOK}},
		Exceptions: []policy.ExceptionUse{{ID: "G104", Reason: "r", Line: 9, State: policy.ExceptionStale}},
		Notes:      []finding.Note{{Kind: "exception", Message: `exception "G104" matched no finding: remove it from the policy`}}}
	b := &result.Result{Verdict: result.Fail, Mode: "enforce", FailSeverity: finding.High, Findings: []finding.Finding{blocking},
		Checks:     []result.Check{{Name: "sast", Status: result.StatusError, Error: "boom"}},
		Exceptions: []policy.ExceptionUse{{ID: "G104", Reason: "r", Line: 9, State: policy.ExceptionActive, Matched: 2}}}
	m := Merge([]string{"a", "b"}, []*result.Result{a, b})
	if len(m.Findings) != 2 {
		t.Fatalf("findings = %+v, want 2 after de-duplication", m.Findings)
	}
	if m.Findings[0].Path != "db.go" || m.Findings[0].Status != finding.StatusBlocking {
		t.Errorf("the duplicate kept %s, want the blocking copy", m.Findings[0].Status)
	}
	if m.Verdict != result.Fail || m.Reason != "1 blocking finding(s) across 2 shard(s); failed: b" {
		t.Errorf("verdict %s: %q", m.Verdict, m.Reason)
	}
	if m.FailSeverity != finding.High {
		t.Errorf("fail severity %s, want the strictest (high)", m.FailSeverity)
	}
	c := m.CheckByName("sast")
	if c == nil || c.Status != result.StatusError || c.Findings != 2 || c.Blocking != 1 || c.Error != "boom" {
		t.Errorf("check = %+v", c)
	}
	if len(m.Exceptions) != 1 || m.Exceptions[0].State != policy.ExceptionActive || m.Exceptions[0].Matched != 2 {
		t.Errorf("exceptions = %+v", m.Exceptions)
	}
	if len(m.Notes) != 0 {
		t.Errorf("the stale note of an exception another shard used survived: %+v", m.Notes)
	}
}

func TestMergeKeepsTheOrganisationPolicyAndNamesShardsThatDiffer(t *testing.T) {
	org := &result.OrgPolicy{Ref: "org", From: "runner", Digest: "sha256:aa"}
	a := &result.Result{Verdict: result.Pass, OrgPolicy: org}
	b := &result.Result{Verdict: result.Pass, OrgPolicy: &result.OrgPolicy{Ref: "org", From: "runner", Digest: "sha256:aa"}}
	m := Merge([]string{"a", "b"}, []*result.Result{a, b})
	if m.OrgPolicy == nil || *m.OrgPolicy != *org {
		t.Fatalf("orgPolicy = %+v, want %+v", m.OrgPolicy, org)
	}
	if len(m.Notes) != 0 {
		t.Errorf("notes = %+v, want none when the shards agree", m.Notes)
	}
	c := &result.Result{Verdict: result.Pass}
	m = Merge([]string{"a", "b", "c"}, []*result.Result{a, b, c})
	if m.OrgPolicy == nil || m.OrgPolicy.Digest != "sha256:aa" {
		t.Errorf("orgPolicy = %+v, want the first shard's", m.OrgPolicy)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0].Message, "c differ(s) from a") {
		t.Errorf("notes = %+v, want one naming shard c", m.Notes)
	}
}

func TestMergeErrorAndPass(t *testing.T) {
	ok := &result.Result{Verdict: result.Pass}
	bad := &result.Result{Verdict: result.Error}
	if m := Merge([]string{"x", "y"}, []*result.Result{ok, bad}); m.Verdict != result.Error {
		t.Errorf("verdict %s, want error", m.Verdict)
	}
	if m := Merge([]string{"x"}, []*result.Result{ok}); m.Verdict != result.Pass {
		t.Errorf("verdict %s, want pass", m.Verdict)
	}
}
