package changes

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The base side reads git's trees, never the work tree: a link committed at the base
// is not followed, a file over the cap is refused, and a scan root below the
// repository's top sees paths relative to itself.
func TestGitBaseReadsTreesNotLinks(t *testing.T) {
	r := newRepo(t)
	r.write("sub/rules/a.rego", "package a\n")
	r.write("sub/rules/deep/b.rego", "package b\n")
	r.write("sub/rules/big.rego", strings.Repeat("x", 2048))
	if err := os.Symlink("/etc/passwd", filepath.Join(r.dir, "sub/rules/link.rego")); err != nil {
		t.Fatal(err)
	}
	base := r.commit("base")
	r.write("sub/rules/new.rego", "package n\n")
	r.commit("change")

	ctx := context.Background()
	b := GitBase{Git: Git{Dir: filepath.Join(r.dir, "sub")}, Commit: base}
	files, err := b.Files(ctx, "rules")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"rules/a.rego", "rules/big.rego", "rules/deep/b.rego"}; !slices.Equal(files, want) {
		t.Errorf("Files = %q, want %q (no link, nothing the change added)", files, want)
	}
	if data, ok, err := b.ReadFile(ctx, "rules/deep/b.rego", 100); err != nil || !ok || string(data) != "package b\n" {
		t.Errorf("ReadFile = %q %v %v", data, ok, err)
	}
	if _, _, err := b.ReadFile(ctx, "rules/big.rego", 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file over the cap: err = %v", err)
	}
	if data, _, err := b.ReadFile(ctx, "rules/link.rego", 1<<20); err == nil || strings.Contains(string(data), "root:") {
		t.Errorf("a committed link was read: %q %v", data, err)
	}
	if _, ok, err := b.ReadFile(ctx, "rules/new.rego", 100); ok || err != nil {
		t.Errorf("a file the change adds exists at the base: %v %v", ok, err)
	}
	if _, _, err := b.ReadFile(ctx, "../sub/rules/a.rego", 100); err == nil {
		t.Error("a path leaving the scan root was read")
	}
	if files, err := b.Files(ctx, "missing"); err != nil || len(files) != 0 {
		t.Errorf("a missing folder: %q %v", files, err)
	}
}
