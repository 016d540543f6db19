package gate

import (
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// A finding added after the scan (a policy loosening) is judged, an exception that now
// matches it is active and its stale note gone, and the counts and verdict follow.
func TestRejudgeAddedFindings(t *testing.T) {
	p, err := policy.Parse(".shiftgate.yaml", []byte("version: 1\nexceptions:\n  - id: POLICY-002\n    reason: reviewed\n"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	res := &result.Result{Checks: []result.Check{{Name: "sarif", Status: result.StatusOK}}}
	res.Exceptions = p.Judge(res.Findings, now)
	res.Notes = []finding.Note{{Kind: "exception", Path: ".shiftgate.yaml", Line: 3, Message: `exception "POLICY-002" matched no finding: remove it from the policy`}}
	decide(res, p)
	if res.Verdict != result.Pass {
		t.Fatalf("verdict %s", res.Verdict)
	}

	res.Findings = append(res.Findings,
		finding.Finding{Check: "policy", Rule: "POLICY-002", Severity: finding.Medium, Path: ".shiftgate.yaml", Line: 3, Snippet: "exception=x"},
		finding.Finding{Check: "policy", Rule: "POLICY-003", Severity: finding.High, Path: ".shiftgate.yaml", Line: 7, Snippet: "checks.secrets.enabled=false"})
	Rejudge(res, p, now)
	if res.Exceptions[0].State != policy.ExceptionActive || res.Exceptions[0].Matched != 1 {
		t.Errorf("exception use = %+v, want active with 1 match", res.Exceptions[0])
	}
	for _, n := range res.Notes {
		if strings.Contains(n.Message, "matched no finding") {
			t.Errorf("stale note survived: %+v", n)
		}
	}
	c := res.CheckByName("policy")
	if c == nil || c.Findings != 2 || c.Blocking != 1 {
		t.Errorf("policy check = %+v, want 2 findings, 1 blocking", c)
	}
	if res.Verdict != result.Fail || res.Findings[0].Fingerprint == "" {
		t.Errorf("verdict %s (%s); fingerprint %q", res.Verdict, res.Reason, res.Findings[0].Fingerprint)
	}

	// Redecide after a status change outside the policy.
	for i := range res.Findings {
		if res.Findings[i].Status == finding.StatusBlocking {
			res.Findings[i].Status = finding.StatusBaseline
		}
	}
	Redecide(res, p)
	if res.Verdict != result.Pass || res.CheckByName("policy").Blocking != 0 {
		t.Errorf("after re-marking: verdict %s, %+v", res.Verdict, res.CheckByName("policy"))
	}
}
