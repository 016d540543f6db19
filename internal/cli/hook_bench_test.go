package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bigRepo writes a git repository of about lines lines of Go in 10 packages and
// commits it; then it changes one file in a second commit. It returns the folder.
func bigRepo(b *testing.B, lines int) string {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	dir := b.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=b", "-c", "user.email=b@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("go.mod", "module example.com/big\n\ngo 1.22\n")
	write(".gitignore", ".shiftgate/out/\n")
	const pkgs, filesPerPkg = 10, 10
	perFile := lines / (pkgs * filesPerPkg)
	for p := 0; p < pkgs; p++ {
		for f := 0; f < filesPerPkg; f++ {
			var src strings.Builder
			fmt.Fprintf(&src, "package pkg%d\n\nimport \"strings\"\n\n", p)
			n := 4
			for fn := 0; n < perFile-8; fn++ {
				fmt.Fprintf(&src, "// F%d_%d joins and trims.\nfunc F%d_%d(parts []string, sep string) string {\n\tout := strings.Join(parts, sep)\n\tif len(out) > %d {\n\t\tout = out[:%d]\n\t}\n\treturn strings.TrimSpace(out)\n}\n\n", f, fn, f, fn, 40+fn, 40+fn)
				n += 9
			}
			write(fmt.Sprintf("pkg%d/file%d.go", p, f), src.String())
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	write("pkg3/file7.go", "package pkg3\n\n// Changed is the one change of the push.\nfunc Changed() int { return 42 }\n")
	git("add", "-A")
	git("commit", "-q", "-m", "one file")
	return dir
}

// BenchmarkPrePushOneFileChange measures what the pre-push hook does on a one-file
// change in a 50,000-line Go repository: `shiftgate hook run` with git's pre-push line
// (the remote has the first commit), a scan with --changed-since, warm caches (the
// first run warms them before timing).
func BenchmarkPrePushOneFileChange(b *testing.B) {
	dir := bigRepo(b, 51000) // a little over 50,000 lines once headers are counted
	b.Chdir(dir)
	rev := func(ref string) string {
		out, err := exec.Command("git", "rev-parse", ref).Output()
		if err != nil {
			b.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	line := fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", rev("HEAD"), rev("HEAD~1"))
	var out, errb bytes.Buffer
	run := func() int {
		out.Reset()
		errb.Reset()
		env := &Env{Stdin: strings.NewReader(line), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		code := Run(context.Background(), []string{"hook", "run", "origin"}, env)
		if code == ExitUsage {
			b.Fatalf("hook run: exit %d\n%s%s", code, out.String(), errb.String())
		}
		return code
	}
	run() // warm the caches
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "checks:") {
			b.Logf("%s", l) // which checks the timing covers
		}
	}
	lines := goLines(b, dir)
	for b.Loop() {
		run()
	}
	b.ReportMetric(float64(lines), "repo-lines")
}

func goLines(b *testing.B, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			data, _ := os.ReadFile(p)
			n += bytes.Count(data, []byte("\n"))
		}
		return nil
	})
	return n
}

// BenchmarkPrePushAfterBaseScanned is the pre-push hook's common case: the analysis
// cache holds the base commit's results (the previous push, or the CI job of the base
// branch when its cache is restored), and the push changes one file. Each iteration
// starts from a copy of that cache, so only the changed package is analysed again.
func BenchmarkPrePushAfterBaseScanned(b *testing.B) {
	dir := bigRepo(b, 51000)
	b.Chdir(dir)
	git := func(args ...string) string {
		out, err := exec.Command("git", args...).Output()
		if err != nil {
			b.Fatalf("git %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	line := fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", git("rev-parse", "HEAD"), git("rev-parse", "HEAD~1"))
	base := filepath.Join(b.TempDir(), "base-cache")
	var out, errb bytes.Buffer
	run := func(args ...string) int {
		out.Reset()
		errb.Reset()
		env := &Env{Stdin: strings.NewReader(line), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		code := Run(context.Background(), args, env)
		if code == ExitUsage {
			b.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		return code
	}
	// XDG_CACHE_HOME moves the go command's build cache too: keep it where it is.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		b.Fatal(err)
	}
	b.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	// The base commit, scanned with the cache (as the previous push did).
	git("checkout", "-q", "HEAD~1")
	run("scan", "--quiet", "--cache", base, "--out", filepath.Join(b.TempDir(), "out"), ".")
	git("checkout", "-q", "main")
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		home := filepath.Join(b.TempDir(), fmt.Sprint(n))
		if err := os.CopyFS(filepath.Join(home, "shiftgate", "analysis"), os.DirFS(base)); err != nil {
			b.Fatal(err)
		}
		b.Setenv("XDG_CACHE_HOME", home)
		b.StartTimer()
		run("hook", "run", "origin")
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "checks:") {
			b.Logf("%s", l)
		}
	}
	b.ReportMetric(float64(goLines(b, dir)), "repo-lines")
}
