package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/testutil"
)

var write = testutil.WriteFile

func paths(w *Workspace) []string {
	var out []string
	for _, f := range w.Files() {
		out = append(out, f.Path)
	}
	return out
}

func TestWalkHonoursIgnoresExcludesAndLimits(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.txt", "outside")
	write(t, root, ".gitignore", "*.log\nbuild/\n")
	write(t, root, "main.go", "package main\n")
	write(t, root, "app.log", "x")
	write(t, root, "build/out.bin", "x")
	write(t, root, "sub/.gitignore", "local.txt\n")
	write(t, root, "sub/local.txt", "x")
	write(t, root, "sub/keep.txt", "x")
	write(t, root, "other/local.txt", "x")
	write(t, root, "vendor/x/x.go", "x")
	write(t, root, "big.bin", strings.Repeat("x", 2000))
	write(t, root, ".git/config", "x")
	write(t, root, ".shiftgate/out/shiftgate.json", "{}")
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "escape.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "escape-dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("main.go", filepath.Join(root, "alias.go")); err != nil {
		t.Fatal(err)
	}
	w, err := Open(root, Options{Exclude: []string{"vendor/**"}, MaxFileSize: 1000, SkipDirs: []string{".shiftgate/out"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".gitignore", "alias.go", "main.go", "other/local.txt", "sub/.gitignore", "sub/keep.txt"}
	if got := paths(w); !slices.Equal(got, want) {
		t.Fatalf("files = %q\nwant    %q", got, want)
	}
	var notes []string
	for _, n := range w.Notes() {
		notes = append(notes, n.Path+": "+n.Message)
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{"big.bin: file is 2000 bytes, over the 1000-byte limit", "escape.txt: symbolic link points outside the repository", "escape-dir: symbolic link points outside the repository"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes lack %q:\n%s", want, joined)
		}
	}
}

func TestResolveAndReadStayInside(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "passwd", "root:x")
	write(t, root, "a/b.txt", "line1\nline2\r\nline3")
	if err := os.Symlink(filepath.Join(outside, "passwd"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	w, err := Open(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"../etc/passwd", "a/../../x", "/etc/passwd", "link"} {
		if _, err := w.Resolve(p); !errors.Is(err, ErrOutside) {
			t.Errorf("Resolve(%q) = %v, want ErrOutside", p, err)
		}
		if _, err := w.ReadFile(p); err == nil {
			t.Errorf("ReadFile(%q) read outside the root", p)
		}
	}
	if got, err := w.Resolve(filepath.Join(w.Root(), "a", "b.txt")); err != nil || got != "a/b.txt" {
		t.Errorf("Resolve(abs) = %q, %v", got, err)
	}
	if got := w.Line("a/b.txt", 2); got != "line2" {
		t.Errorf("Line 2 = %q", got)
	}
	if got := w.Line("a/b.txt", 3); got != "line3" {
		t.Errorf("Line 3 = %q", got)
	}
	if got := w.Line("a/b.txt", 9); got != "" {
		t.Errorf("Line 9 = %q", got)
	}
	if m := w.Match("**/*.txt"); len(m) != 1 || m[0].Path != "a/b.txt" {
		t.Errorf("Match = %v", m)
	}
}

func TestOpenRejectsAFileOrMissingRoot(t *testing.T) {
	root := t.TempDir()
	write(t, root, "f", "x")
	if _, err := Open(filepath.Join(root, "f"), Options{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Open(file) = %v", err)
	}
	if _, err := Open(filepath.Join(root, "missing"), Options{}); err == nil {
		t.Error("Open(missing) succeeded")
	}
}

func BenchmarkWalk(b *testing.B) {
	root := b.TempDir()
	for i := range 2000 {
		p := filepath.Join(root, "d"+string(rune('a'+i%20)), "f"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+".go")
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("package x\n"), 0o644)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Open(root, Options{Exclude: []string{"vendor/**", "**/testdata/**"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// Issue 12, attack 4: in a git work tree the file set is git's, so a .gitignore never
// hides a tracked file; untracked ignored files stay out; a folder the enclosing
// repository ignores is walked.
func TestGitFileSet(t *testing.T) {
	root := t.TempDir()
	git := testutil.Git(t, root)
	write(t, root, "config/creds.env", "x")
	write(t, root, "main.go", "package main\n")
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	write(t, root, ".gitignore", "config/\n*.log\nscratch/\n")
	write(t, root, "app.log", "x")
	write(t, root, "new.go", "package main\n")
	write(t, root, "scratch/tool.go", "package main\n")
	w, err := Open(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".gitignore", "config/creds.env", "main.go", "new.go"}
	if got := paths(w); !slices.Equal(got, want) {
		t.Fatalf("files = %q\nwant    %q", got, want)
	}
	sub, err := Open(filepath.Join(root, "scratch"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(sub); !slices.Equal(got, []string{"tool.go"}) {
		t.Errorf("an ignored folder scanned on its own: %q", got)
	}
}
