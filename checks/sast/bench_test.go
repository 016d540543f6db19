package sast_test

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/sast"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// benchModule is the module the benchmark analyses by default: 11 packages, 22
// non-test Go files, about 9,500 lines, no dependency outside the standard library,
// so it loads offline from the module cache. (github.com/hashicorp/hcl/v2@v2.25.0,
// 132 files, is larger but some of its own dependency versions are not cached here.)
const benchModule = "golang.org/x/mod@v0.42.0"

// copyFromModCache copies a module from the module cache into a writable temporary
// directory, or skips the benchmark when the cache does not hold it.
func copyFromModCache(b *testing.B, mod string) string {
	b.Helper()
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		b.Skipf("go env GOMODCACHE: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), filepath.FromSlash(mod))
	if _, err := os.Stat(filepath.Join(src, "go.mod")); err != nil {
		b.Skipf("%s is not in the module cache: run `go mod download %s` to benchmark on it", mod, mod)
	}
	dst := b.TempDir()
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkSASTMidSizeModule times the whole sast check (package loading included)
// on a copy of a mid-size module. scripts/bench-sast.sh compares it with the gosec CLI.
func BenchmarkSASTMidSizeModule(b *testing.B) {
	mod := benchModule
	if m := os.Getenv("SHIFTGATE_BENCH_MODULE"); m != "" {
		mod = m // scripts/bench-sast.sh may pick another module
	}
	root := os.Getenv("SHIFTGATE_BENCH_DIR") // a repository to analyse in place
	if root == "" {
		root = copyFromModCache(b, mod)
	}
	env := append(os.Environ(), "GOPROXY=off", "GOSUMDB=off")
	p := &policy.Policy{}
	p.Checks.SAST.Enabled = true
	b.ResetTimer()
	for b.Loop() {
		ws, err := workspace.Open(root, workspace.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := (&sast.Check{Env: env}).Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Findings)), "findings")
		b.ReportMetric(float64(len(res.Notes)), "notes")
	}
}
