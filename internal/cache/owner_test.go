package cache

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A cache folder another user wrote (a Tekton PVC shared with a Task of another uid, a
// runner's cache restored by root) cannot be read or written by this one: every entry
// of it was one note, 340 on x/vuln, each "could not be read, analysed again". Open
// says so once, naming the folder and the fix, as for a folder it cannot create.
func TestCacheOfAnotherUserIsRefusedAtOpen(t *testing.T) {
	if os.Getenv("SHIFTGATE_CACHE_OWNER_HELPER") != "" {
		t.Skip("run by the test below")
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "analysis")
	s, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	k := s.Hasher("k").String("path", "a.go").Sum()
	s.Put("k", k, payload{N: 1})
	if os.Geteuid() != 0 {
		// Not root: a folder this user may not write stands for another's.
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		checkRefused(t, dir, openOnce(dir))
		return
	}
	// Root reads everything: open it as nobody (65534), from a copy of this test
	// binary that user can run, as the Tekton step's uid would. The folders above the
	// cache are open to every user, as a PVC's mount point is.
	for _, d := range []string{tmp, filepath.Dir(tmp)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(os.TempDir(), "shiftgate-cache-owner-test")
	os.RemoveAll(bin)
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(bin) })
	exe := filepath.Join(bin, "cache.test")
	copyFile(t, os.Args[0], exe)
	cmd := exec.Command(exe, "-test.run=^TestCacheOwnerHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SHIFTGATE_CACHE_OWNER_HELPER="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the helper as uid 65534: %v\n%s", err, out)
	}
	_, msg, _ := strings.Cut(string(out), "OPEN: ")
	msg, _, _ = strings.Cut(msg, "\n")
	checkRefused(t, dir, msg)
}

// TestCacheOwnerHelper opens the cache as the other user and prints what Open said.
func TestCacheOwnerHelper(t *testing.T) {
	dir := os.Getenv("SHIFTGATE_CACHE_OWNER_HELPER")
	if dir == "" {
		t.Skip("only run by TestCacheOfAnotherUserIsRefusedAtOpen")
	}
	os.Stdout.WriteString("OPEN: " + openOnce(dir) + "\n")
}

func openOnce(dir string) string {
	s, err := Open(dir, 0)
	if err != nil {
		return err.Error()
	}
	var got payload
	s.Get("k", s.Hasher("k").String("path", "a.go").Sum(), &got)
	return "opened; notes: " + strings.Join(s.Notes(), " | ")
}

func checkRefused(t *testing.T, dir, msg string) {
	t.Helper()
	if !strings.Contains(msg, dir) || !strings.Contains(msg, "--no-cache") || !strings.Contains(msg, "permission denied") {
		t.Errorf("Open on a cache folder this user cannot write = %q, want an error naming %s, the cause and --no-cache", msg, dir)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
