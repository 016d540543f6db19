package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
)

// One upgrade that fixes several blocking advisories is one line of "How to fix", not
// one row per advisory; a rule's remediation is said once however often it fires.
func TestHowToFixGroupsUpgradesAndRules(t *testing.T) {
	dep := func(id string) finding.Finding {
		return finding.Finding{Check: "deps", Rule: id, Severity: finding.High, Path: "go.mod", Line: 5, Status: finding.StatusBlocking,
			Package: &finding.Package{Ecosystem: "Go", Name: "golang.org/x/net", Version: "v0.20.0", Fixed: []string{"v0.23.0"}}}
	}
	sql := finding.Finding{Check: "sast", Rule: "G201", Severity: finding.High, Path: "db.go", Line: 3, Status: finding.StatusBlocking, Message: "SQL string formatting"}
	sql2 := sql
	sql2.Line = 9
	res := &result.Result{Verdict: result.Fail, FailSeverity: finding.High,
		Checks:   []result.Check{{Name: "sast", Rules: []finding.Rule{{ID: "G201", Help: "Use parameterized queries."}}}, {Name: "deps"}},
		Findings: []finding.Finding{dep("GO-2024-0001"), dep("GO-2024-0002"), dep("GO-2024-0003"), sql, sql2}}
	var b bytes.Buffer
	if err := Write(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"### How to fix\n\n",
		"- upgrade `golang.org/x/net` from `v0.20.0` to `v0.23.0` (`go.mod`): fixes 3 advisories\n",
		"- `G201` (2): Use parameterized queries.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "Use parameterized queries") != 1 {
		t.Errorf("the remediation is repeated:\n%s", out)
	}
}
