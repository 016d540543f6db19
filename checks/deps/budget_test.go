package deps

import (
	"context"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// splitFixture is deps-vulnerable plus a package that imports vulnerable code without
// calling it (lib) and one that imports none (other).
func splitFixture(t *testing.T) string {
	t.Helper()
	root := copyRepo(t, "deps-vulnerable")
	testutil.WriteFile(t, root, "lib/lib.go", "// Package lib imports a vulnerable package and uses none of its vulnerable code.\npackage lib\n\nimport \"golang.org/x/text/unicode/norm\"\n\n// V is the Unicode version.\nconst V = norm.Version\n")
	testutil.WriteFile(t, root, "other/other.go", "// Package other imports no vulnerable code.\npackage other\n\nimport \"strings\"\n\n// Up upper-cases s.\nfunc Up(s string) string { return strings.ToUpper(s) }\n")
	return root
}

// goVulnDB writes the test Go records as govulncheck's database and returns its
// folder and the records.
func goVulnDB(t *testing.T) (string, []*osvdb.Record) {
	t.Helper()
	ix, err := osvdb.Load(buildDB(t, "osv-scalibr", "Go"), "Go", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := osvdb.WriteGoVulnDB(dir, ix.All()); err != nil {
		t.Fatal(err)
	}
	return dir, ix.All()
}

// The symbol pass runs over the packages that import vulnerable code only, and gives
// the same answer per vulnerability (reachable or not, imported or not, the same
// example path) as govulncheck over the whole module.
func TestSymbolPassOverImportersMatchesWholeModule(t *testing.T) {
	root := splitFixture(t)
	db, recs := goVulnDB(t)
	c := testCheck()
	ctx := context.Background()
	whole, err := c.govulncheckAt(ctx, root, root, db, "symbol", []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.govulncheck(ctx, nil, root, root, db, recs)
	if err != nil {
		t.Fatal(err)
	}
	if got.plan == nil || !slices.Equal(got.plan.top, []string{"example.com/depsvulnerable", "example.com/depsvulnerable/lib"}) || got.plan.skipped != 1 {
		t.Fatalf("plan = %+v, want the root and lib packages, other skipped", got.plan)
	}
	if got.bounded != nil {
		t.Fatalf("bounded on a tiny module: %+v", got.bounded)
	}
	ids := slices.Sorted(maps.Keys(whole.reach))
	if len(ids) < 2 || !slices.Equal(ids, slices.Sorted(maps.Keys(got.reach))) {
		t.Fatalf("records: whole module %v, restricted %v", ids, slices.Sorted(maps.Keys(got.reach)))
	}
	for _, id := range ids {
		if w, g := whole.reach[id], got.reach[id]; w != g {
			t.Errorf("%s: whole module %+v, restricted %+v", id, w, g)
		}
	}
	if !whole.reach["GO-2022-1059"].reachable || whole.reach["GO-2026-5970"].reachable || !whole.reach["GO-2026-5970"].imported {
		t.Errorf("fixture no longer has one reachable and one imported-unreachable record: %+v", whole.reach)
	}
}

// Over the memory budget, the symbol pass does not run: imported vulnerabilities keep
// their severity with "reachability unknown", and a note says why and how to raise it.
func TestOverMemoryBudgetStaysAtPackageLevel(t *testing.T) {
	root := splitFixture(t)
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	c := testCheck()
	c.opts.ReachMemory = 1 << 20 // the fixture's closure (the standard library's fmt, os…) needs more
	res, err := runCheck(t, c, root, testPolicy(), db)
	if err != nil {
		t.Fatal(err)
	}
	got := byRule(res.Findings)
	for _, key := range []string{"GO-2022-1059 golang.org/x/text", "GO-2026-5970 golang.org/x/text"} {
		f, ok := got[key]
		if !ok {
			t.Fatalf("missing %s", key)
		}
		if f.Reachable != nil || f.Reachability != "" || f.Severity != finding.High || !strings.Contains(f.Message, "Reachability unknown") {
			t.Errorf("%s: reachable %v (%q), severity %s: %s", key, ptr(f.Reachable), f.Reachability, f.Severity, f.Message)
		}
	}
	var note *finding.Note
	for i, n := range res.Notes {
		if n.Kind == "reachability" {
			note = &res.Notes[i]
		}
	}
	if note == nil || note.Path != "go.mod" || !strings.Contains(note.Message, "over the budget of 1 MiB (Options.ReachMemory)") || !strings.Contains(note.Message, "SHIFTGATE_REACH_MEMORY") {
		t.Fatalf("note: %+v", note)
	}

	// The environment variable is the runner's way to set it; a bad value is an error naming it.
	c.opts.ReachMemory = 0
	t.Setenv("SHIFTGATE_REACH_MEMORY", "lots")
	if _, err := runCheck(t, c, root, testPolicy(), db); err == nil || !strings.Contains(err.Error(), `SHIFTGATE_REACH_MEMORY="lots"`) {
		t.Errorf("bad SHIFTGATE_REACH_MEMORY: %v", err)
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"1536MiB": 1536 << 20, "2GiB": 2 << 30, "1.5GiB": 3 << 29, "800MB": 800e6, "4096": 4096} {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1GiB", "0", "lots", "1e40"} {
		if _, err := parseBytes(bad); err == nil {
			t.Errorf("parseBytes(%q) accepted", bad)
		}
	}
}

func TestMachineMemoryIsReadHere(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo on this system")
	}
	if n := machineMemory(); n < 256<<20 {
		t.Errorf("machineMemory() = %d", n)
	}
}
