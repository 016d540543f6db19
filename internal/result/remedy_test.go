package result

import (
	"reflect"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// One upgrade that fixes several advisories is one line, at the lowest version that
// fixes them all, even when an advisory also lists a fix on an older branch.
func TestUpgradesGroupByPackage(t *testing.T) {
	dep := func(id, version string, st finding.Status, fixed ...string) finding.Finding {
		return finding.Finding{Check: "deps", Rule: id, Path: "go.mod", Line: 5, Status: st,
			Package: &finding.Package{Ecosystem: "Go", Name: "golang.org/x/net", Version: version, Fixed: fixed}}
	}
	r := &Result{Findings: []finding.Finding{
		dep("GO-2024-0002", "v0.20.0", finding.StatusBlocking, "0.19.1", "0.23.0"),
		dep("GO-2024-0001", "v0.20.0", finding.StatusAllowed, "0.38.0"),
		dep("GO-2024-0003", "v0.20.0", finding.StatusBlocking, "0.21.0"),
		dep("GO-2024-0004", "v0.20.0", finding.StatusBlocking), // no fix: not an upgrade
		{Check: "deps", Rule: "GHSA-x", Path: "package-lock.json", Status: finding.StatusBlocking,
			Package: &finding.Package{Ecosystem: "npm", Name: "left-pad", Version: "1.3.0", Fixed: []string{"1.10.0", "1.9.0"}}},
		{Check: "sast", Rule: "G201", Path: "main.go", Status: finding.StatusBlocking},
	}}
	want := []Upgrade{
		{Ecosystem: "Go", Name: "golang.org/x/net", From: "v0.20.0", To: "0.38.0", Path: "go.mod", IDs: []string{"GO-2024-0001", "GO-2024-0002", "GO-2024-0003"}, Blocking: 2},
		{Ecosystem: "npm", Name: "left-pad", From: "1.3.0", To: "1.9.0", Path: "package-lock.json", IDs: []string{"GHSA-x"}, Blocking: 1},
	}
	if got := r.Upgrades(); !reflect.DeepEqual(got, want) {
		t.Errorf("Upgrades() =\n%+v\nwant\n%+v", got, want)
	}
	if got := r.Upgrades(finding.StatusBlocking); len(got) != 2 || got[0].To != "0.23.0" {
		t.Errorf("Upgrades(blocking) = %+v; want x/net to 0.23.0 (the allowed advisory's fix is not needed)", got)
	}
}

func TestFixHintIsTheHelpsFirstParagraph(t *testing.T) {
	r := &Result{Checks: []Check{{Name: "iac", Rules: []finding.Rule{{ID: "DKR-003", Help: "Add `USER <non-root user>`\nafter the last RUN.\n\nReferences:\n- x"}}}}}
	f := &finding.Finding{Check: "iac", Rule: "DKR-003", Message: "runs as root"}
	if got, want := r.FixHint(f), "Add `USER <non-root user>` after the last RUN."; got != want {
		t.Errorf("FixHint = %q, want %q", got, want)
	}
	if got := r.FixHint(&finding.Finding{Check: "sast", Rule: "G1", Message: "m"}); got != "" {
		t.Errorf("a rule without help of its own gave the hint %q", got)
	}
}
