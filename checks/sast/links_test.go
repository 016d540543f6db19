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

// A Go file that is a link to a file outside the repository is not parsed: a parse or
// type error would quote that file's words in the report (here a name from it). The
// package is reported as not loaded, at the link, by a cold scan and by a scan whose
// root loader meets it alike. Before, both quoted "undefinedSecretToken".
func TestGoFileLinkedOutOfTheRepositoryIsNotRead(t *testing.T) {
	outside := writeFiles(t, map[string]string{"secret.go": "package a\n\nvar _ = undefinedSecretToken\n"})
	root := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"a/a.go": "package a\n\n// X is one.\nvar X = 1\n",
		"z/z.go": "package z\n\n// Z is three.\nvar Z = 3\n",
	})
	if err := os.Symlink(filepath.Join(outside, "secret.go"), filepath.Join(root, "a", "link.go")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"cold", "one file changed"} {
		if step != "cold" {
			if err := os.WriteFile(filepath.Join(root, "a", "a.go"), []byte("package a\n\n// X is two.\nvar X = 2\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got := scanWith(t, root, store)
		if strings.Contains(got, "undefinedSecretToken") {
			t.Errorf("%s: the report quotes a file outside the repository:\n%s", step, got)
		}
		if !strings.Contains(got, `"path":"a/link.go"`) || !strings.Contains(got, "a link to a file outside the repository") {
			t.Errorf("%s: no note on a/link.go:\n%s", step, got)
		}
		if want := scanWith(t, root, nil); got != want {
			t.Errorf("%s: the scan with the cache differs from one without:\n--- with the cache\n%s\n--- without\n%s", step, got, want)
		}
	}
}
