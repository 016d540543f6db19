package repofs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfinedReads(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "hosts.yml")
	if err := os.WriteFile(secret, []byte("oauth_token: gho_x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ok.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"out.yaml": secret, "gone.yaml": filepath.Join(outside, "none"), "etc": "/etc", "in.yaml": "ok.yaml"} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if b, err := f.ReadFile("in.yaml", 100); err != nil || string(b) != "version: 1\n" {
		t.Fatalf("a link inside the root: %q, %v", b, err)
	}
	// A link to an existing file, a missing one and a directory outside answer alike.
	for _, rel := range []string{"out.yaml", "gone.yaml", "etc", "../x", "/etc/passwd", "a/../../x"} {
		_, err := f.ReadFile(rel, 100)
		if !errors.Is(err, ErrOutside) {
			t.Errorf("%s: err = %v, want ErrOutside", rel, err)
		}
		if err != nil && (strings.Contains(err.Error(), outside) || strings.Contains(err.Error(), "gho_")) {
			t.Errorf("%s: the error reveals the outside: %v", rel, err)
		}
	}
	if _, err := f.ReadFile("missing.yaml", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := f.ReadFile("ok.yaml", 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
}
