package deps

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// buildDB writes testdata/osv/<Ecosystem>/*.json into DIR/<layout>/<Ecosystem>/all.zip
// for the given ecosystems and returns DIR.
func buildDB(t testing.TB, layout string, ecosystems ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, eco := range ecosystems {
		src := filepath.Join("testdata", "osv", eco)
		out := filepath.Join(dir, layout, eco)
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "all.zip"), testutil.ZipDir(t, src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// copyRepo copies a fixture repository into a temporary directory, so that nothing a
// scan does can change the checked-in fixture.
func copyRepo(t testing.TB, name string) string {
	t.Helper()
	// govulncheck runs with GOPROXY=off in tests: the fixtures' modules must be cached.
	// Like `go test` itself, fetch what is missing through the module proxy once.
	for _, v := range []string{"v0.3.7", "v0.40.0"} {
		if _, err := os.Stat(filepath.Join(goModCache(), "golang.org", "x", "text@"+v)); err != nil {
			cmd := exec.Command("go", "mod", "download", "golang.org/x/text@"+v)
			cmd.Dir = t.TempDir()
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("golang.org/x/text@%s is not in the module cache (%s) and `go mod download` failed: %v\n%s", v, goModCache(), err, out)
			}
		}
	}
	src := filepath.Join("..", "..", "testdata", "repos", name)
	dst, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	testutil.CopyTree(t, src, dst)
	return dst
}

func testPolicy() *policy.Policy {
	p := policy.Default()
	p.Checks.Deps.Enabled = true
	p.Checks.Deps.Reachability = true
	p.Checks.Deps.Unreachable = "keep"
	return p
}

func testCheck() *Check {
	return NewWithOptions(Options{GoVersion: "1.26.8", GoEnv: []string{"GOPROXY=off", "GONOSUMDB=*", "GONOSUMCHECK=1", "GOFLAGS=-mod=readonly"}})
}

func runCheck(t testing.TB, c *Check, root string, p *policy.Policy, db string) (*checks.Result, error) {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c.Run(context.Background(), &checks.Env{Workspace: ws, Policy: p, OfflineDB: db})
}

// byRule indexes findings by "rule package" for assertions.
func byRule(fs []finding.Finding) map[string]finding.Finding {
	m := map[string]finding.Finding{}
	for _, f := range fs {
		k := f.Rule
		if f.Package != nil {
			k += " " + f.Package.Name
		}
		m[k] = f
	}
	return m
}
