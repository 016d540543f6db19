package sast

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cache"
)

// A Go file of a package that is a link to a file elsewhere in the repository: when the
// target changes, the package's key changes, and the scan with the cache reports what
// a cold scan reports. Before, the key skipped links, and the warm scan kept the old
// result: G501 in a/link.go was missing.
func TestLinkedGoFileChangeIsAMiss(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"go.mod":          "module example.com/m\n\ngo 1.22\n",
		"a/a.go":          "package a\n\n// X is one.\nvar X = 1\n",
		"_shared/real.go": "package a\n\n// Y is two.\nvar Y = 2\n",
		"z/z.go":          "package z\n\n// Z is three.\nvar Z = 3\n",
	})
	if err := os.Symlink(filepath.Join("..", "_shared", "real.go"), filepath.Join(root, "a", "link.go")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	scanWith(t, root, store)
	if err := os.WriteFile(filepath.Join(root, "_shared", "real.go"), []byte("package a\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := scanWith(t, root, store)
	want := scanWith(t, root, nil)
	if !strings.Contains(want, `"rule":"G501"`) || !strings.Contains(want, `"path":"a/link.go"`) {
		t.Fatalf("the cold scan lost the fixture's finding:\n%s", want)
	}
	if got != want {
		t.Errorf("after the link's target changed, the scan with the cache differs from one without:\n--- with the cache\n%s\n--- without\n%s", got, want)
	}
}
