package repofs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// TestOpenNeverBlocksOnAFIFO: a FIFO where a file is expected (swapped in after a walk
// listed a file, or in a tree scanned without git) made Open wait for a writer for ever
// before its regular-file check could run; the read is now opened without waiting.
func TestOpenNeverBlocksOnAFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, ".shiftgate.yaml"), 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadFile(dir, ".shiftgate.yaml", 1<<20); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("a FIFO read as a file: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}
