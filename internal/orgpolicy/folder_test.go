package orgpolicy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within runs f, failing the test if it has not returned after d (a hang, before).
func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("still running after %s", d)
		return nil
	}
}

// A rule file swapped for a FIFO between the walk's stat and the read (or a FIFO the
// stat did not see) made the open block for ever: the gate hung. The read now opens
// without blocking and refuses what is not a regular file.
func TestReadFolderNeverBlocksOnAFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "policy.yaml"), 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	err = within(t, 5*time.Second, func() error { _, err := readRootFile(r, "policy.yaml"); return err })
	if err == nil || !strings.Contains(err.Error(), "policy.yaml is not a regular file") {
		t.Errorf("a FIFO read as a file: %v", err)
	}
}

// Links that fan out (each folder linking ten times to the next, no loop, no rule at
// the end) made the walk visit 10^7 folders, the depth bound never reached: the gate
// hung reading its own organisation policy. A link back to a folder being walked is a
// loop, named as such; and the folders walked are bounded like the files.
func TestReadFolderBoundsLinksThatFanOutOrLoop(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "policy.yaml"), []byte("version: 1\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "rules"), 0o755)
	for i := 1; i <= 7; i++ {
		os.MkdirAll(filepath.Join(dir, fmt.Sprintf("d%d", i)), 0o755)
	}
	for i := 0; i <= 6; i++ {
		from, to := "rules", fmt.Sprintf("../d%d", i+1)
		if i > 0 {
			from = fmt.Sprintf("d%d", i)
		}
		for j := range 10 {
			if err := os.Symlink(to, filepath.Join(dir, from, fmt.Sprintf("x%d", j))); err != nil {
				t.Fatal(err)
			}
		}
	}
	err := within(t, 20*time.Second, func() error { _, err := ReadFolder(dir); return err })
	if err == nil || !strings.Contains(err.Error(), "more than 1000 folders to read") {
		t.Errorf("fan-out: %v", err)
	}

	loop := t.TempDir()
	os.WriteFile(filepath.Join(loop, "policy.yaml"), []byte("version: 1\n"), 0o644)
	os.MkdirAll(filepath.Join(loop, "rules", "k8s"), 0o755)
	os.Symlink("..", filepath.Join(loop, "rules", "k8s", "back"))
	err = within(t, 20*time.Second, func() error { _, err := ReadFolder(loop); return err })
	if err == nil || !strings.Contains(err.Error(), "rules/k8s/back leads back to rules, a folder it is in (a link loop): remove the link") {
		t.Errorf("loop: %v", err)
	}
}
