package cli

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cli/scripttest"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// TestOneGoEnvPerScan: the toolchain facts (`go env GOVERSION GOOS GOARCH GOEXPERIMENT`)
// are asked once per scan (goenv.Toolchain, owned by scan.Run) and handed to the
// inventory, the sast and deps checks and their cache keys, which each started their
// own `go env` before: a cold scan with the cache ran five of them (two `go env
// GOVERSION` and two of all four outside the repository, one more inside it), a warm
// one four. The only other `go env` calls are govulncheck's own (it starts them with
// exec.Command in the module's folder). A stand-in `go` on PATH logs every call.
func TestOneGoEnvPerScan(t *testing.T) {
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	bin, logf := t.TempDir(), filepath.Join(t.TempDir(), "go.log")
	testutil.WriteFile(t, bin, "go", "#!/bin/sh\necho \"$PWD :: $*\" >> '"+logf+"'\nexec '"+realGo+"' \"$@\"\n")
	if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	repo := filepath.Join(t.TempDir(), "repo")
	testutil.CopyTree(t, filepath.Join("..", "..", "testdata", "repos", "deps-vulnerable"), repo)
	db := t.TempDir()
	for _, eco := range []string{"Go", "npm", "PyPI"} {
		if err := scripttest.ZipDir(filepath.Join("..", "..", "checks", "deps", "testdata", "osv", eco), filepath.Join(db, "osv-scalibr", eco, "all.zip")); err != nil {
			t.Fatal(err)
		}
	}
	cacheDir, out := t.TempDir(), t.TempDir()
	t.Chdir(repo) // as the Action and the Task run it: govulncheck's calls run here
	for _, run := range []struct {
		name        string
		govulncheck bool // reachability runs: a cold cache
	}{{"cold", true}, {"warm", false}} {
		os.Remove(logf)
		code := Main(context.Background(), []string{"scan", "--quiet", "--cache", cacheDir, "--offline-db", db, "--out", out, "."}, strings.NewReader(""), io.Discard, io.Discard)
		if code != 1 {
			t.Fatalf("%s scan exited %d, want 1 (the fixture's vulnerabilities block)", run.name, code)
		}
		b, err := os.ReadFile(logf)
		if err != nil {
			t.Fatal(err)
		}
		ours, theirs := 0, 0
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			dir, args, _ := strings.Cut(l, " :: ")
			switch {
			case !strings.HasPrefix(args, "env "):
			case args == "env GOVERSION GOOS GOARCH GOEXPERIMENT GO386 GOAMD64 GOARM GOARM64 GOMIPS GOMIPS64 GOPPC64 GORISCV64 GOWASM GOCACHE":
				ours++
			case dir == repo && (args == "env GOVERSION" || args == "env GOMOD" || args == "env GOROOT"):
				theirs++ // govulncheck's own
			default:
				t.Errorf("%s scan: a go env call besides the scan's one: %q", run.name, l)
			}
		}
		if ours != 1 {
			t.Errorf("%s scan: %d `go env` calls for the toolchain facts, want 1; calls:\n%s", run.name, ours, b)
		}
		if (theirs > 0) != run.govulncheck {
			t.Errorf("%s scan: govulncheck's go env calls: %d, want them only when reachability runs; calls:\n%s", run.name, theirs, b)
		}
	}
}
