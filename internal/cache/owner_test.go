package cache

import (
	"encoding/hex"
	"io"
	"io/fs"
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
// says so once, naming the folder and the fix, as for a folder it cannot create. A
// folder this user may read but not write (a read-only mount) is read, and no entry
// is written, with one note.
func TestCacheOfAnotherUserIsRefusedAtOpen(t *testing.T) {
	if os.Getenv("SHIFTGATE_CACHE_OWNER_HELPER") != "" {
		t.Skip("run by the test below")
	}
	for _, tc := range []struct {
		name     string
		readable bool
	}{{"unreadable", false}, {"read-only", true}} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "analysis")
			s, err := Open(dir, 0)
			if err != nil {
				t.Fatal(err)
			}
			k := s.Hasher("k").String("path", "a.go").Sum()
			s.Put("k", k, payload{N: 1})
			got := ""
			if os.Geteuid() != 0 {
				// Not root: a folder this user may not write stands for another's.
				setModes(t, dir, tc.readable, 0o500)
				t.Cleanup(func() { setModes(t, dir, true, 0o700) })
				got = openOnce(dir, k)
			} else {
				// Root reads everything: open it as nobody (65534), from a copy of this
				// test binary that user can run, as the Tekton step's uid would. The
				// folders above the cache are open to every user, as a PVC's mount point is.
				for _, d := range []string{tmp, filepath.Dir(tmp)} {
					if err := os.Chmod(d, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				if tc.readable {
					setModes(t, dir, true, 0o755)
				}
				got = openAsNobody(t, dir, k)
			}
			if tc.readable {
				if got != "opened; hit true; notes: the analysis cache \""+dir+"\" is read-only for uid "+uidOf(t, got)+": its entries are read, none is written" {
					t.Errorf("Open on a cache folder this user may read but not write: %q, want its entry read and one note", got)
				}
				return
			}
			if !strings.Contains(got, dir) || !strings.Contains(got, "--no-cache") || !strings.Contains(got, "permission denied") {
				t.Errorf("Open on a cache folder this user cannot read = %q, want an error naming %s, the cause and --no-cache", got, dir)
			}
		})
	}
}

// TestCacheOwnerHelper opens the cache as the other user and prints what Open said.
func TestCacheOwnerHelper(t *testing.T) {
	dir := os.Getenv("SHIFTGATE_CACHE_OWNER_HELPER")
	if dir == "" {
		t.Skip("only run by TestCacheOfAnotherUserIsRefusedAtOpen")
	}
	var k Key
	if _, err := hex.Decode(k[:], []byte(os.Getenv("SHIFTGATE_CACHE_OWNER_KEY"))); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("OPEN: " + openOnce(dir, k) + "\n")
}

// openOnce opens the store in dir, reads the entry k the test wrote (its key is the
// test's: a copy of the binary has another tool identity) and writes another, and
// says what happened.
func openOnce(dir string, k Key) string {
	s, err := Open(dir, 0)
	if err != nil {
		return err.Error()
	}
	var got payload
	hit := s.Get("k", k, &got) && got.N == 1
	s.Put("k", s.Hasher("k").String("path", "b.go").Sum(), payload{N: 2})
	if err := s.Trim(); err != nil {
		return "trim: " + err.Error()
	}
	if hit {
		return "opened; hit true; notes: " + strings.Join(s.Notes(), " | ")
	}
	return "opened; hit false; notes: " + strings.Join(s.Notes(), " | ")
}

func openAsNobody(t *testing.T, dir string, k Key) string {
	t.Helper()
	bin := filepath.Join(os.TempDir(), "shiftgate-cache-owner-test")
	os.RemoveAll(bin)
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(bin) })
	exe := filepath.Join(bin, "cache.test")
	copyFile(t, os.Args[0], exe)
	cmd := exec.Command(exe, "-test.run=^TestCacheOwnerHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SHIFTGATE_CACHE_OWNER_HELPER="+dir, "SHIFTGATE_CACHE_OWNER_KEY="+k.String())
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the helper as uid 65534: %v\n%s", err, out)
	}
	_, msg, _ := strings.Cut(string(out), "OPEN: ")
	msg, _, _ = strings.Cut(msg, "\n")
	return msg
}

// uidOf is the uid a read-only note names (this process's, or the helper's).
func uidOf(t *testing.T, note string) string {
	t.Helper()
	_, rest, _ := strings.Cut(note, "read-only for uid ")
	uid, _, _ := strings.Cut(rest, ":")
	return uid
}

// setModes gives every folder under dir mode dirMode and, when readable, every file
// 0644 (else the folders lose their read and search bits too).
func setModes(t *testing.T, dir string, readable bool, dirMode fs.FileMode) {
	t.Helper()
	var dirs []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else if readable {
			os.Chmod(p, 0o644)
		}
		return nil
	})
	if !readable {
		dirMode = 0o300 & dirMode
		if dirMode == 0 {
			dirMode = 0o200
		}
	}
	// Deepest first: a folder closed before its children are changed.
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Chmod(dirs[i], dirMode); err != nil {
			t.Fatal(err)
		}
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
