package deps

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// BenchmarkDepsRealModule runs the whole deps check (inventory, offline match,
// reachability, licences) on the module in SHIFTGATE_BENCH_MODULE against the offline
// database in SHIFTGATE_BENCH_DB, with the runner's GOPROXY and module cache. It is
// how docs/performance.md ("Reachability") was profiled:
//
//	SHIFTGATE_BENCH_MODULE=/path/to/module SHIFTGATE_BENCH_DB=/path/to/db \
//	  go test ./checks/deps -run '^$' -bench DepsRealModule -benchtime 1x -cpuprofile cpu.out -memprofile mem.out
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
	var findings int
	for b.Loop() {
		res, err := c.Run(context.Background(), &checks.Env{Workspace: ws, Policy: p, OfflineDB: db})
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
