package sast

import (
	"runtime"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cache"
)

// The microarchitecture level (GOAMD64 and its kin) selects files by build tags
// (amd64.v3): a scan with the cache under another level must not read the results of
// the first. Before, the keys held GOOS and GOARCH only, and the v3 scan returned the
// v1 result without the G501 of a/v3.go.
func TestArchitectureLevelIsInTheKeys(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("the fixture selects a file with amd64.v3")
	}
	root := writeFiles(t, map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.22\n",
		"a/a.go":  "package a\n\n// X is one.\nvar X = 1\n",
		"a/v3.go": "//go:build amd64.v3\n\npackage a\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n",
		"z/z.go":  "package z\n\n// Z is three.\nvar Z = 3\n",
	})
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOAMD64", "v1")
	if got := scanWith(t, root, store); strings.Contains(got, `"rule":"G501"`) {
		t.Fatalf("GOAMD64=v1 built a/v3.go:\n%s", got)
	}
	t.Setenv("GOAMD64", "v3")
	got := scanWith(t, root, store)
	want := scanWith(t, root, nil)
	if !strings.Contains(want, `"rule":"G501"`) {
		t.Fatalf("GOAMD64=v3 did not build a/v3.go:\n%s", want)
	}
	if got != want {
		t.Errorf("GOAMD64=v3 with the cache of a v1 scan:\n%s\nwithout the cache:\n%s", got, want)
	}
}
