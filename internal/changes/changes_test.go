package changes

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repo is a throwaway git repository for tests.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *repo) write(rel, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *repo) commit(msg string) string {
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

func TestSinceListsChangedFilesAndLines(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", "1\n2\n3\n4\n5\n")
	r.write("b.go", "b\n")
	r.write("gone.go", "x\n")
	r.write("sub/c.go", "c\n")
	base := r.commit("base")
	r.git("checkout", "-q", "-b", "feature")
	r.write("a.go", "1\n2\nthree\n4\n5\n6\n")
	r.write("new.go", "n\nn\n")
	r.write("sub/c.go", "c\nd\n")
	os.Remove(filepath.Join(r.dir, "gone.go"))
	r.commit("change")
	// An uncommitted edit does not count.
	r.write("b.go", "edited\n")

	s, err := Since(context.Background(), r.dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	if s.Base != base || !s.MergeBase {
		t.Errorf("base = %s (merge base %v), want %s", s.Base, s.MergeBase, base)
	}
	if got, want := s.Paths(), []string{"a.go", "new.go", "sub/c.go"}; !slices.Equal(got, want) {
		t.Errorf("paths = %v, want %v", got, want)
	}
	for _, c := range []struct {
		path string
		line int
		want bool
	}{
		{"a.go", 2, false}, {"a.go", 3, true}, {"a.go", 4, false}, {"a.go", 6, true},
		{"new.go", 2, true}, {"sub/c.go", 1, false}, {"sub/c.go", 2, true},
		{"b.go", 1, false}, {"gone.go", 1, false},
	} {
		if got := s.ContainsLine(c.path, c.line); got != c.want {
			t.Errorf("ContainsLine(%s, %d) = %v, want %v", c.path, c.line, got, c.want)
		}
	}

	// A scan root below the top level sees paths relative to itself, and only its own.
	sub, err := Since(context.Background(), filepath.Join(r.dir, "sub"), "main")
	if err != nil {
		t.Fatal(err)
	}
	if got := sub.Paths(); !slices.Equal(got, []string{"c.go"}) {
		t.Errorf("paths under sub = %v, want [c.go]", got)
	}
}

func TestSinceUsesTheMergeBaseNotTheMovedRef(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", "a\n")
	r.commit("base")
	r.git("checkout", "-q", "-b", "feature")
	r.write("mine.go", "m\n")
	r.commit("mine")
	r.git("checkout", "-q", "main")
	r.write("theirs.go", "t\n")
	r.commit("theirs")
	r.git("checkout", "-q", "feature")

	s, err := Since(context.Background(), r.dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Paths(); !slices.Equal(got, []string{"mine.go"}) {
		t.Errorf("paths = %v, want only this branch's [mine.go]", got)
	}
}

func TestSinceRejectsUnknownAndOptionLikeRefs(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", "a\n")
	r.commit("base")
	_, err := Since(context.Background(), r.dir, "origin/nope")
	if err == nil || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("unknown ref: err = %v, want a hint to fetch it", err)
	}
	if _, err := Since(context.Background(), r.dir, "--output=/tmp/x"); err == nil {
		t.Error("an option-like ref was accepted")
	}
	if _, err := Since(context.Background(), t.TempDir(), "main"); err == nil || !strings.Contains(err.Error(), "is not inside a git repository") {
		t.Errorf("not a repository: err = %v", err)
	}
}

// A hostile repository's config names programs for diff, textconv, fsmonitor and
// filters: none of them may run.
func TestSinceRunsNoProgramTheRepositoryNames(t *testing.T) {
	r := newRepo(t)
	marker := filepath.Join(t.TempDir(), "ran")
	evil := filepath.Join(t.TempDir(), "evil.sh")
	if err := os.WriteFile(evil, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.write(".gitattributes", "*.go diff=evil filter=evil\n")
	r.write("a.go", "a\n")
	r.commit("base")
	for _, kv := range [][2]string{
		{"core.fsmonitor", evil}, {"diff.external", evil}, {"diff.evil.command", evil},
		{"diff.evil.textconv", evil}, {"filter.evil.clean", evil}, {"filter.evil.smudge", evil},
		{"core.pager", evil}, {"core.hooksPath", filepath.Dir(evil)},
	} {
		r.git("config", kv[0], kv[1])
	}
	os.Remove(marker)
	r.write("a.go", "a\nb\n")
	r.git("-c", "filter.evil.clean=cat", "-c", "core.fsmonitor=false", "add", "-A")
	r.git("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "change")
	os.Remove(marker)

	s, err := Since(context.Background(), r.dir, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	if !s.ContainsLine("a.go", 2) {
		t.Errorf("a.go:2 should be changed: %+v", s.Files())
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("git ran a program named by the repository's config")
	}
	if _, ok, err := (Git{Dir: r.dir}).ReadAt(context.Background(), "HEAD", "a.go"); err != nil || !ok {
		t.Fatalf("ReadAt: %v %v", ok, err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("cat-file ran a program named by the repository's config")
	}
}

// A checkout owned by another user (a container job) still works.
func TestSinceInACheckoutOwnedByAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the checkout to another user")
	}
	r := newRepo(t)
	r.write("a.go", "a\n")
	r.commit("base")
	r.write("a.go", "a\nb\n")
	r.commit("change")
	if out, err := exec.Command("chown", "-R", "12345:12345", r.dir).CombinedOutput(); err != nil {
		t.Skipf("chown: %v %s", err, out)
	}
	plain := exec.Command("git", "-C", r.dir, "rev-parse", "HEAD")
	plain.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := plain.CombinedOutput(); err == nil || !strings.Contains(string(out), "dubious ownership") {
		t.Skipf("this git does not check ownership: %s", out)
	}
	s, err := Since(context.Background(), r.dir, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	if !s.ContainsLine("a.go", 2) {
		t.Errorf("changes = %+v", s.Files())
	}
}

// TestCommittedBareRepositoryIsNotOpened: a folder of the tree shaped like a bare
// repository (HEAD, config, objects, refs) is not opened as one, so its config, which
// could name programs, never counts.
func TestCommittedBareRepositoryIsNotOpened(t *testing.T) {
	r := newRepo(t)
	bare := filepath.Join(r.dir, "vendor", "evil.git")
	r.git("init", "-q", "--bare", bare)
	if err := os.WriteFile(filepath.Join(bare, "config"), []byte("[core]\n\tbare = true\n\tfsmonitor = touch /nonexistent/pwned\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Since(context.Background(), bare, "HEAD")
	if err == nil {
		t.Fatal("a bare repository inside the tree was opened")
	}
	if !strings.Contains(err.Error(), "not inside a git repository") {
		t.Errorf("error = %v", err)
	}
}
