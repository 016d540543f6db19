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

// TestNoGoCommandSwitchesToolchain: every go command a scan starts — its own, and
// those golang.org/x/vuln starts with exec.Command and the process environment (`go
// env GOVERSION`, `go env GOROOT`, `go env GOMOD` in the repository) — runs with
// GOTOOLCHAIN=local, so a go.mod's `toolchain` line, which the pull request writes,
// never makes the runner download and run another Go. Before, with the Go
// distribution's default GOTOOLCHAIN=auto, govulncheck's three calls ran with auto in
// the repository's directory. A stand-in `go` on PATH logs each call's setting.
func TestNoGoCommandSwitchesToolchain(t *testing.T) {
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	bin, logf := t.TempDir(), filepath.Join(t.TempDir(), "go.log")
	testutil.WriteFile(t, bin, "go", "#!/bin/sh\necho \"GOTOOLCHAIN=$GOTOOLCHAIN $*\" >> '"+logf+"'\nexec '"+realGo+"' \"$@\"\n")
	if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("GOTOOLCHAIN", "auto") // what $GOROOT/go.env sets when nothing else does
	repo := filepath.Join(t.TempDir(), "repo")
	testutil.CopyTree(t, filepath.Join("..", "..", "testdata", "repos", "deps-vulnerable"), repo)
	db := t.TempDir()
	for _, eco := range []string{"Go", "npm", "PyPI"} {
		if err := scripttest.ZipDir(filepath.Join("..", "..", "checks", "deps", "testdata", "osv", eco), filepath.Join(db, "osv-scalibr", eco, "all.zip")); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	t.Chdir(repo) // the Action and the Task run the gate in the repository
	code := Main(context.Background(), []string{"scan", "--quiet", "--offline-db", db, "--out", out, "."}, strings.NewReader(""), io.Discard, io.Discard)
	if code != 1 {
		t.Fatalf("scan exited %d, want 1 (the fixture's vulnerabilities block)", code)
	}
	b, err := os.ReadFile(logf)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	sawGovulncheck := false
	for _, l := range lines {
		if !strings.HasPrefix(l, "GOTOOLCHAIN=local ") {
			t.Errorf("a go command ran without GOTOOLCHAIN=local: %q", l)
		}
		sawGovulncheck = sawGovulncheck || strings.HasSuffix(l, " env GOROOT")
	}
	if !sawGovulncheck {
		t.Errorf("govulncheck's `go env GOROOT` was not seen: did reachability run? calls:\n%s", b)
	}
}
