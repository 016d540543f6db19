package deps

import (
	"context"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// mapBase is a base commit held in memory (changes.Base).
type mapBase map[string]string

func (m mapBase) ReadFile(_ context.Context, rel string, _ int64) ([]byte, bool, error) {
	s, ok := m[rel]
	return []byte(s), ok, nil
}

func (m mapBase) Files(context.Context, string) ([]string, error) { return nil, nil }

func vexDoc(ids ...string) string {
	var sts []string
	for _, id := range ids {
		sts = append(sts, `{"vulnerability": {"name": "`+id+`"}, "products": [{"@id": "pkg:golang/golang.org/x/text"}], "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}`)
	}
	return `{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a", "timestamp": "2026-01-01T00:00:00Z", "version": 1, "statements": [` + strings.Join(sts, ",") + `]}`
}

// Issue 12, known gap "VEX is read from the tree": in a pull request the VEX documents
// are read at the base commit. A base document the change edits keeps the base's
// statements (the base's GO-0001 still suppresses; the change's new GO-0002 does not),
// and a document the change adds is not read at all.
func TestVEXIsReadAtTheBase(t *testing.T) {
	root := t.TempDir()
	testutil.WriteFile(t, root, ".vex/app.openvex.json", vexDoc("GO-2026-0001", "GO-2026-0002"))
	testutil.WriteFile(t, root, ".vex/new.openvex.json", vexDoc("GO-2026-0003"))
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := mapBase{".vex/app.openvex.json": vexDoc("GO-2026-0001")}
	pkg := &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "0.3.2", PURL: "pkg:golang/golang.org/x/text@0.3.2"}
	res := &checks.Result{}
	for _, id := range []string{"GO-2026-0001", "GO-2026-0002", "GO-2026-0003"} {
		res.Findings = append(res.Findings, finding.Finding{Check: Name, Rule: id, Path: "go.mod", Package: pkg})
	}
	if err := applyVEX(context.Background(), ws, []string{".vex/*.json"}, base, res); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"GO-2026-0001": true, "GO-2026-0002": false, "GO-2026-0003": false}
	for _, f := range res.Findings {
		if got := f.Status == finding.StatusVEX; got != want[f.Rule] {
			t.Errorf("%s suppressed = %v, want %v (%s)", f.Rule, got, want[f.Rule], f.Reason)
		}
		if f.Status == finding.StatusVEX && !strings.Contains(f.Reason, ".vex/app.openvex.json@base") {
			t.Errorf("%s: the reason does not say the statement is the base's: %s", f.Rule, f.Reason)
		}
	}
	noted := false
	for _, n := range res.Notes {
		noted = noted || strings.Contains(n.Message, ".vex/new.openvex.json")
	}
	if !noted {
		t.Errorf("no note says the change's own VEX document was not read: %+v", res.Notes)
	}
}
