package gate

import (
	"context"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Under --changed-since an image's vulnerabilities still block: their paths are inside
// the image the change built, never among the changed files; a source finding outside
// the change does not.
func TestImageFindingsAreNotNarrowedByTheChange(t *testing.T) {
	since := changes.NewSet()
	since.Ref = "main"
	if err := since.AddPatch("app/main.go", "modified", ""); err != nil {
		t.Fatal(err)
	}
	res := &result.Result{
		Checks: []result.Check{{Name: "image", Status: result.StatusOK}, {Name: "sast", Status: result.StatusOK}},
		Findings: []finding.Finding{
			{Check: "image", Rule: "CVE-2024-4741", Severity: finding.High, Path: "var/lib/dpkg/status", Line: 1},
			{Check: "sast", Rule: "G201", Severity: finding.High, Path: "old/db.go", Line: 3},
		},
	}
	if err := judge(context.Background(), t.TempDir(), policy.Default(), time.Now(), Judging{Since: since}, res); err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		want := map[string]finding.Status{"image": finding.StatusBlocking, "sast": finding.StatusAllowed}[f.Check]
		if f.Status != want {
			t.Errorf("%s %s: %s (%s), want %s", f.Check, f.Rule, f.Status, f.Reason, want)
		}
	}
}
