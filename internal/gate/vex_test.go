package gate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Issue 12, attack 6: a VEX document the change adds does not suppress the change's
// own vulnerability; one the base already had still does.
func TestVEXOfTheChangeIsNotTrusted(t *testing.T) {
	since := changes.NewSet()
	since.Ref = "main"
	for _, p := range []string{"go.mod", ".vex/pr.openvex.json"} {
		if err := since.AddPatch(p, "added", ""); err != nil {
			t.Fatal(err)
		}
	}
	vuln := func(id, doc string) finding.Finding {
		return finding.Finding{Check: "deps", Rule: id, Severity: finding.Critical, Path: "go.mod", Line: 5,
			Status: finding.StatusVEX, Reason: "VEX " + doc + ": not_affected (vulnerable_code_not_in_execute_path)"}
	}
	res := &result.Result{
		Checks:   []result.Check{{Name: "deps", Status: result.StatusOK}},
		Findings: []finding.Finding{vuln("GO-2026-0001", ".vex/pr.openvex.json"), vuln("GO-2026-0002", ".vex/base.openvex.json")},
	}
	if err := judge(context.Background(), t.TempDir(), policy.Default(), time.Now(), Judging{Since: since}, res); err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		switch f.Rule {
		case "GO-2026-0001":
			if f.Status != finding.StatusBlocking || !strings.Contains(f.Reason, "which this change adds or edits") {
				t.Errorf("the change's VEX suppressed its vulnerability: %s (%s)", f.Status, f.Reason)
			}
		case "GO-2026-0002":
			if f.Status != finding.StatusVEX {
				t.Errorf("the base's VEX no longer applies: %s", f.Status)
			}
		}
	}
	if res.Verdict != result.Fail {
		t.Errorf("verdict %s (%s), want fail", res.Verdict, res.Reason)
	}
}
