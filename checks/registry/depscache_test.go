package registry

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// fakeDeps stands in for the deps check: it counts its runs and reports a Go
// vulnerability at go.mod when goVuln is set.
type fakeDeps struct {
	runs   int
	goVuln bool
}

func (f *fakeDeps) Name() string { return "deps" }

func (f *fakeDeps) Run(context.Context, *checks.Env) (*checks.Result, error) {
	f.runs++
	res := &checks.Result{Notes: []finding.Note{{Kind: "deps", Message: "ran"}}}
	if f.goVuln {
		res.Findings = []finding.Finding{{Rule: "GO-2022-1059", Severity: finding.High, Path: "go.mod", Line: 5, Snippet: "golang.org/x/text v0.3.7",
			Package: &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "v0.3.7"}}}
	}
	return res, nil
}

func writeDB(t *testing.T, dir, record string) {
	t.Helper()
	p := filepath.Join(dir, "osv-scalibr", "Go", "all.zip")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	w, _ := z.Create("GO-2022-1059.json")
	w.Write([]byte(record))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// depsFixture is a module with one Go file, a database holding GO-2022-1059, an empty
// analysis cache, and write, which (re)writes a file of the module.
func depsFixture(t *testing.T) (root, dbDir string, write func(rel, s string), store *cache.Store) {
	t.Helper()
	root, dbDir = t.TempDir(), t.TempDir()
	write = func(rel, s string) {
		if err := os.WriteFile(filepath.Join(root, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("main.go", "package main\n\nfunc main() {}\n")
	writeDB(t, dbDir, `{"id":"GO-2022-1059"}`)
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return root, dbDir, write, store
}

func TestCachedDepsRunsAgainOnlyWhenItsInputsChange(t *testing.T) {
	for _, goVuln := range []bool{false, true} {
		name := map[bool]string{false: "no Go vulnerability", true: "a Go vulnerability"}[goVuln]
		t.Run(name, func(t *testing.T) {
			root, dbDir, write, store := depsFixture(t)
			inner := &fakeDeps{goVuln: goVuln}
			c := &cachedDeps{inner: inner}
			scan := func(offline string) *checks.Result {
				t.Helper()
				ws, err := workspace.Open(root, workspace.Options{})
				if err != nil {
					t.Fatal(err)
				}
				res, err := c.Run(context.Background(), &checks.Env{Workspace: ws, Policy: policy.Default(), OfflineDB: offline, Cache: store})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			step := func(what string, offline string, wantRun bool) {
				t.Helper()
				before := inner.runs
				res := scan(offline)
				if ran := inner.runs > before; ran != wantRun {
					t.Errorf("%s: the check ran=%v, want %v", what, ran, wantRun)
				}
				if goVuln && (len(res.Findings) != 1 || res.Findings[0].Snippet != "golang.org/x/text v0.3.7") {
					t.Errorf("%s: findings %+v, want the check's (with its snippet)", what, res.Findings)
				}
			}
			step("cold", dbDir, true)
			step("warm", dbDir, false)
			// Reachability reads Go code only for a Go vulnerability.
			write("main.go", "package main\n\nfunc main() { println(1) }\n")
			step("a Go file changed", dbDir, goVuln)
			step("warm again", dbDir, false)
			write("go.sum", "golang.org/x/text v0.3.7 h1:x=\n")
			step("go.sum changed", dbDir, true)
			writeDB(t, dbDir, `{"id":"GO-2022-1059","summary":"changed"}`)
			step("a record of the database changed", dbDir, true)
			step("warm again", dbDir, false)
			// The online API has no digest: never cached.
			step("online", "", true)
			step("online again", "", true)
			if n := store.Notes(); len(n) != 0 {
				t.Errorf("notes: %q", n)
			}
		})
	}
}

// boundedDeps stands in for the deps check on a runner whose memory budget keeps
// reachability at package level below full: it says so in a note, as checks/deps does.
type boundedDeps struct {
	fakeDeps
	budget, full int64
}

func (b *boundedDeps) ReachBudget() (int64, string, error) {
	return b.budget, "SHIFTGATE_REACH_MEMORY", nil
}

func (b *boundedDeps) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	res, err := b.fakeDeps.Run(ctx, env)
	if b.budget < b.full {
		res.Notes = append(res.Notes, finding.Note{Kind: "reachability", Path: "go.mod", Message: "reachability stayed at package level"})
	}
	return res, err
}

// A result the memory budget kept to package level is kept under the budget: the same
// budget reads it, another budget (a runner with more memory) analyses again, and a
// full result is never replaced by a bounded one.
func TestCachedDepsKeepsBoundedResultsPerBudget(t *testing.T) {
	root, dbDir, write, store := depsFixture(t)
	inner := &boundedDeps{fakeDeps: fakeDeps{goVuln: true}, budget: 1 << 30, full: 2 << 30}
	c := &cachedDeps{inner: inner}
	step := func(what string, budget int64, wantRun, wantBounded bool) {
		t.Helper()
		inner.budget = budget
		ws, err := workspace.Open(root, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		before := inner.runs
		res, err := c.Run(context.Background(), &checks.Env{Workspace: ws, Policy: policy.Default(), OfflineDB: dbDir, Cache: store})
		if err != nil {
			t.Fatal(err)
		}
		if ran := inner.runs > before; ran != wantRun {
			t.Errorf("%s: the check ran=%v, want %v", what, ran, wantRun)
		}
		bounded := slices.ContainsFunc(res.Notes, func(n finding.Note) bool { return n.Kind == "reachability" })
		if bounded != wantBounded || len(res.Findings) != 1 {
			t.Errorf("%s: bounded=%v with %d findings, want bounded=%v with 1", what, bounded, len(res.Findings), wantBounded)
		}
	}
	step("cold, bounded at 1 GiB", 1<<30, true, true)
	step("warm, same budget", 1<<30, false, true)
	step("another budget, still bounded", 1536<<20, true, true)
	step("the first budget again", 1<<30, false, true)
	write("main.go", "package main\n\nfunc main() { println(1) }\n")
	step("a Go file changed", 1<<30, true, true)
	step("enough memory: full", 4<<30, true, false)
	step("a smaller budget after a full result", 1<<30, false, false)
	if n := store.Notes(); len(n) != 0 {
		t.Errorf("notes: %q", n)
	}
}
