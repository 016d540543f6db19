package iac

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestRuleFixtures runs every rule over its own fixtures in testdata/rules/<ID>.txtar:
// the files under pos/ must produce the rule at each "want: path:line", and the files
// under neg/ must not produce it at all.
func TestRuleFixtures(t *testing.T) {
	eng := newTestEngine(t)
	files, err := filepath.Glob("testdata/rules/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".txtar")
		covered[id] = true
		t.Run(id, func(t *testing.T) {
			ar, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if eng.Rule(id) == nil {
				t.Fatalf("fixture for unknown rule %s", id)
			}
			var want []string
			for _, l := range strings.Split(string(ar.Comment), "\n") {
				if w, ok := strings.CutPrefix(l, "want: "); ok {
					want = append(want, strings.TrimSpace(w))
				}
			}
			if len(want) == 0 {
				t.Fatal("no want: lines in the fixture")
			}
			var pos, neg []SourceFile
			for _, af := range ar.Files {
				sf := SourceFile{Path: af.Name, Data: af.Data}
				if strings.HasPrefix(af.Name, "pos/") {
					pos = append(pos, sf)
				} else {
					neg = append(neg, sf)
				}
			}
			if len(pos) == 0 || len(neg) == 0 {
				t.Fatal("a fixture needs a pos/ and a neg/ file")
			}
			got := hitsOf(t, eng, pos, id)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("positive: %s found at %v, want %v", id, got, want)
			}
			if got := hitsOf(t, eng, neg, id); len(got) > 0 {
				t.Errorf("negative: %s found at %v, want none", id, got)
			}
		})
	}
	for _, m := range eng.Rules() {
		if !covered[m.ID] {
			t.Errorf("rule %s has no fixture in testdata/rules/%s.txtar", m.ID, m.ID)
		}
	}
	if n := len(eng.Rules()); n < 80 {
		t.Errorf("the rule pack has %d rules, want at least 80", n)
	}
}

func hitsOf(t *testing.T, eng *Engine, files []SourceFile, id string) []string {
	t.Helper()
	fs, notes, err := eng.Scan(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		t.Errorf("unexpected note: %+v", n)
	}
	var out []string
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, fmt.Sprintf("%s:%d", f.Path, f.Line))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestRuleMetadata checks every rule carries what SARIF and the reports need.
func TestRuleMetadata(t *testing.T) {
	eng := newTestEngine(t)
	for _, m := range eng.Rules() {
		r := m.FindingRule()
		if r.Title == "" || r.Description == "" || m.Remediation == "" || len(m.References) == 0 || r.HelpURI == "" && !strings.HasPrefix(m.References[0], "CIS") {
			t.Errorf("%s: incomplete metadata: %+v", m.ID, m)
		}
		if len(m.CWE) == 0 {
			t.Errorf("%s: no CWE", m.ID)
		}
		for _, c := range m.CIS {
			if !strings.HasPrefix(c, "CIS ") || !slices.Contains(r.Tags, c) {
				t.Errorf("%s: CIS benchmark %q is not named \"CIS …\" or is missing from the SARIF tags %v", m.ID, c, r.Tags)
			}
		}
		if r.Name == "" || strings.ContainsAny(r.Name, " -") {
			t.Errorf("%s: SARIF name %q is not PascalCase", m.ID, r.Name)
		}
	}
}
