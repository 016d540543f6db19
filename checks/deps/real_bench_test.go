package deps

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/inventory/extract"
	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// BenchmarkDepsRealModule runs the whole deps check (inventory, offline match,
// reachability, licences) on the module in SHIFTGATE_BENCH_MODULE against the offline
// database in SHIFTGATE_BENCH_DB, with the runner's GOPROXY and module cache. It is
// how docs/performance.md ("Reachability") was profiled:
//
//	SHIFTGATE_BENCH_MODULE=/path/to/module SHIFTGATE_BENCH_DB=/path/to/db \
//	  go test ./checks/deps -run '^$' -bench DepsRealModule -benchtime 1x -cpuprofile cpu.out -memprofile mem.out
//
// With SHIFTGATE_BENCH_CACHE=DIR the check runs with the analysis cache in DIR (as the
// deps check does inside a gate whose whole deps result missed: licences read back).
func BenchmarkDepsRealModule(b *testing.B) {
	root, db := os.Getenv("SHIFTGATE_BENCH_MODULE"), os.Getenv("SHIFTGATE_BENCH_DB")
	if root == "" || db == "" {
		b.Skip("set SHIFTGATE_BENCH_MODULE (a Go module with its dependencies in the module cache) and SHIFTGATE_BENCH_DB (an offline OSV database) to run")
	}
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := testPolicy()
	c := NewWithOptions(Options{GoEnv: []string{"GOFLAGS=-mod=readonly"}})
	var store *cache.Store
	if dir := os.Getenv("SHIFTGATE_BENCH_CACHE"); dir != "" {
		if store, err = cache.Open(dir, 0); err != nil {
			b.Fatal(err)
		}
	}
	var findings int
	for b.Loop() {
		res, err := c.Run(context.Background(), &checks.Env{Workspace: ws, Policy: p, OfflineDB: db, Cache: store})
		if err != nil {
			b.Fatal(err)
		}
		findings = len(res.Findings)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(findings), "findings")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "MB-heap-sys")
}

// TestPackageLevelMatchesGovulncheckOnRealModule compares the package-level answers of
// the one go list with govulncheck's `-scan package` on the module in
// SHIFTGATE_BENCH_MODULE, against the records of SHIFTGATE_BENCH_DB that name its
// requirements (as the check gives them to govulncheck). docs/performance.md
// ("Reachability") lists the modules it was run on.
func TestPackageLevelMatchesGovulncheckOnRealModule(t *testing.T) {
	root, dbDir := os.Getenv("SHIFTGATE_BENCH_MODULE"), os.Getenv("SHIFTGATE_BENCH_DB")
	if root == "" || dbDir == "" {
		t.Skip("set SHIFTGATE_BENCH_MODULE (a Go module with its dependencies in the module cache) and SHIFTGATE_BENCH_DB (an offline OSV database) to run")
	}
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extract.Run(context.Background(), ws, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found, _ := toMatch(ex.Found, nil)
	c := NewWithOptions(Options{GoEnv: []string{"GOFLAGS=-mod=readonly"}})
	_, recs, errs := c.match(context.Background(), found, dbDir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	db := t.TempDir()
	if err := osvdb.WriteGoVulnDB(db, recs); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	want, err := c.govulncheckAt(ctx, root, root, db, "package", []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("govulncheck -scan package: %v", time.Since(start))
	start = time.Now()
	g, err := c.listModule(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	goVersion, err := c.goVersion(ctx, nil, root)
	if err != nil {
		t.Fatal(err)
	}
	if !g.loads(g.roots) {
		t.Fatal("the module does not load")
	}
	got := packageLevel(g, g.roots, recs, goVersion)
	t.Logf("go list and packageLevel: %v", time.Since(start))
	imported := 0
	for _, r := range want.reach {
		if r.imported {
			imported++
		}
	}
	t.Logf("%d records given, govulncheck reported %d (%d imported) in %d vulnerable packages; the go list graph has %d packages", len(recs), len(want.reach), imported, len(want.vulnPkgs), len(g.pkgs))
	comparePackageLevel(t, want, got)
}
