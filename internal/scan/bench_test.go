package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// BenchmarkScanRealModule runs the whole gate cold (--no-cache, the embedded default
// policy, --offline-db) on the repository in SHIFTGATE_BENCH_MODULE against the offline
// database in SHIFTGATE_BENCH_DB, as `shiftgate scan --no-cache --offline-db DB ROOT`
// does. SHIFTGATE_BENCH_CHECKS (a comma-separated list of sast, secrets, deps, iac)
// keeps only those checks on, to profile one check inside the gate's own flow.
// SHIFTGATE_BENCH_WARM=1 profiles a warm run instead: an untimed scan fills an analysis
// cache, and each timed run starts from a fresh copy of it. SHIFTGATE_BENCH_CHANGE=FILE
// (a Go file of the module) profiles a one-changed-file run: the cache is filled from
// the module as it is, then a function is appended to FILE (put back afterwards), as
// scripts/bench.sh does. The cache is filled in the same process because its keys hold
// the binary's identity. It is how
// docs/performance.md ("Where the cold second goes") was profiled:
//
//	SHIFTGATE_BENCH_MODULE=/path/to/repo SHIFTGATE_BENCH_DB=/path/to/db \
//	  go test ./internal/scan -run '^$' -bench ScanRealModule -benchtime 3x -cpuprofile cpu.out
func BenchmarkScanRealModule(b *testing.B) {
	root, db := os.Getenv("SHIFTGATE_BENCH_MODULE"), os.Getenv("SHIFTGATE_BENCH_DB")
	if root == "" || db == "" {
		b.Skip("set SHIFTGATE_BENCH_MODULE (a Go module with its dependencies in the module cache) and SHIFTGATE_BENCH_DB (an offline OSV database) to run")
	}
	dir := b.TempDir()
	o := Options{Root: root, OfflineDB: db, NoCache: true, Quiet: true, OutDir: filepath.Join(dir, "out")}
	if only := os.Getenv("SHIFTGATE_BENCH_CHECKS"); only != "" {
		var pol strings.Builder
		pol.WriteString("version: 1\nchecks:\n")
		for _, c := range []string{"sast", "secrets", "deps", "iac"} {
			on := false
			for _, k := range strings.Split(only, ",") {
				on = on || strings.TrimSpace(k) == c
			}
			if on {
				pol.WriteString("  " + c + ":\n    enabled: true\n")
			} else {
				pol.WriteString("  " + c + ":\n    enabled: false\n")
			}
		}
		o.PolicyFile = filepath.Join(dir, "policy.yaml")
		if err := os.WriteFile(o.PolicyFile, []byte(pol.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	change := os.Getenv("SHIFTGATE_BENCH_CHANGE")
	filled := ""
	if change != "" || os.Getenv("SHIFTGATE_BENCH_WARM") == "1" {
		filled = filepath.Join(dir, "filled")
		fill := o
		fill.NoCache, fill.CacheDir = false, filled
		if res, _ := Run(context.Background(), fill); res == nil {
			b.Fatal("the cache-filling scan did not run")
		}
	}
	if change != "" {
		p := filepath.Join(root, filepath.FromSlash(change))
		saved, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.WriteFile(p, saved, 0o644) })
		changed := append(slices.Clip(saved), "\n// benchChanged is the change of the one-changed-file run.\nfunc benchChanged() int { return 42 }\n"...)
		if err := os.WriteFile(p, changed, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var findings int
	for b.Loop() {
		if filled != "" {
			b.StopTimer()
			o.NoCache, o.CacheDir = false, filepath.Join(dir, "cache")
			if err := os.RemoveAll(o.CacheDir); err != nil {
				b.Fatal(err)
			}
			if err := os.CopyFS(o.CacheDir, os.DirFS(filled)); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		res, err := Run(context.Background(), o)
		if res == nil {
			b.Fatal(err)
		}
		for _, c := range res.Checks {
			if c.Error != "" {
				b.Fatalf("%s: %s", c.Name, c.Error)
			}
		}
		findings = len(res.Findings)
	}
	b.ReportMetric(float64(findings), "findings")
}
