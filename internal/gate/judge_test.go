package gate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Decide is the one place a verdict is set: every input that can change it, alone and
// together, gives the verdict and the reason a user reads.
func TestDecide(t *testing.T) {
	blocking := finding.Finding{Check: "sast", Rule: "G101", Severity: finding.High, Status: finding.StatusBlocking}
	allowed := finding.Finding{Check: "sast", Rule: "G104", Severity: finding.Low, Status: finding.StatusAllowed}
	broken := result.Check{Name: "deps", Status: result.StatusError}
	const unmet = "outputs.sign.required is set but no key"
	const loosening = "the change loosens the policy since main (POLICY-003 at .shiftgate.yaml): the loosened policy cannot pass its own loosening"
	cases := []struct {
		name     string
		findings []finding.Finding
		checks   []result.Check
		d        Decision
		verdict  result.Verdict
		reason   string
	}{
		{"clean", []finding.Finding{allowed}, nil, Decision{FailClosed: true}, result.Pass, "no finding at or above high severity"},
		{"blocking", []finding.Finding{blocking, allowed}, nil, Decision{FailClosed: true}, result.Fail, "1 blocking finding(s) at or above high severity"},
		{"audit", []finding.Finding{blocking}, []result.Check{broken}, Decision{Audit: true, FailClosed: true, Unmet: []string{unmet}}, result.Pass, "audit mode: nothing fails the gate (1 finding(s) would block, 1 check(s) failed)"},
		{"fail closed", nil, []result.Check{broken}, Decision{FailClosed: true}, result.Error, "check(s) deps could not run and fail.on_error is fail"},
		{"warn", nil, []result.Check{broken}, Decision{}, result.Pass, "no blocking findings; check(s) deps could not run (fail.on_error is warn)"},
		{"unmet requirement fails a pass", nil, nil, Decision{FailClosed: true, Unmet: []string{unmet}}, result.Fail, unmet},
		{"unmet requirement adds to a failure", []finding.Finding{blocking}, nil, Decision{FailClosed: true, Unmet: []string{unmet}}, result.Fail, "1 blocking finding(s) at or above high severity; and " + unmet},
		{"a loosening fails even in audit mode", nil, nil, Decision{Audit: true, Loosening: loosening}, result.Fail, loosening},
		{"a loosening fails under warn", nil, []result.Check{broken}, Decision{Loosening: loosening}, result.Fail, loosening},
		{"shards: worst verdict", []finding.Finding{blocking}, nil, Decision{Shards: []Shard{{"a", result.Pass}, {"b", result.Error}, {"c", result.Fail}}}, result.Fail, "1 blocking finding(s) across 3 shard(s); failed: c"},
		{"shards: error", nil, nil, Decision{Shards: []Shard{{"a", result.Pass}, {"b", result.Error}}}, result.Error, "a check could not run and the policy fails closed in shard(s) b"},
		{"shards: pass", nil, nil, Decision{Shards: []Shard{{"a", result.Pass}}}, result.Pass, "all 1 shard(s) passed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := &result.Result{FailSeverity: finding.High, Findings: c.findings, Checks: c.checks}
			Decide(res, c.d)
			if res.Verdict != c.verdict || res.Reason != c.reason {
				t.Errorf("verdict %s %q, want %s %q", res.Verdict, res.Reason, c.verdict, c.reason)
			}
			if c.findings != nil && res.CheckByName("sast").Blocking != res.Count(finding.StatusBlocking) {
				t.Errorf("sast check counts %+v", res.CheckByName("sast"))
			}
		})
	}
}

// A requirement the run cannot meet (a required signature without a key) reaches the
// verdict through the judging stage, and only in enforce mode.
func TestRunUnmetRequirement(t *testing.T) {
	for _, mode := range []string{"enforce", "audit"} {
		p := parse(t, "version: 1\nmode: "+mode+"\n")
		res, err := Run(context.Background(), Options{Root: repo(t), Policy: p,
			Table:   []registry.Entry{entry("sarif", time.Minute, findingsOf())},
			Judging: Judging{Unmet: []string{"outputs.sign.required is set but no key"}}})
		if err != nil {
			t.Fatal(err)
		}
		want := result.Fail
		if mode == "audit" {
			want = result.Pass
		}
		if res.Verdict != want || (mode == "enforce" && !strings.Contains(res.Reason, "outputs.sign.required")) {
			t.Errorf("%s: verdict %s (%s), want %s", mode, res.Verdict, res.Reason, want)
		}
	}
}
