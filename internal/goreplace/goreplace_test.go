package goreplace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/workspace"
)

func TestOutside(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "repo")
	for _, d := range []string{"repo/lib", "repo/mods/b", "sibling"} {
		if err := os.MkdirAll(filepath.Join(parent, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(parent, "sibling"), filepath.Join(root, "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("lib", filepath.Join(root, "in")); err != nil {
		t.Fatal(err)
	}
	for replace, want := range map[string]string{
		"example.com/x => ./lib":                     "",
		"example.com/x => ./in":                      "",
		"example.com/x => ../repo/lib":               "",
		"example.com/x => ./missing":                 "", // the go command says it is missing
		"example.com/x => example.com/y v1.2.3":      "",
		"example.com/x v1.0.0 => ../sibling":         "go.mod:5 replaces example.com/x with the folder ../sibling, outside the repository",
		"example.com/x => ./out":                     "go.mod:5 replaces example.com/x with the folder ./out, outside the repository",
		"example.com/x => " + parent + "/sibling":    "go.mod:5 replaces example.com/x with the folder " + parent + "/sibling, outside the repository",
		"example.com/x => ./mods/b/../../../sibling": "outside the repository",
	} {
		gomod := "module example.com/m\n\ngo 1.22\n\nreplace " + replace + "\n"
		if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte(gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		ws, err := workspace.Open(root, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = Outside(ws, "go.mod")
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", replace, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", replace, err, want)
		}
	}
}
