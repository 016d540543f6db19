package hook

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/testutil"
)

func TestReadUpdates(t *testing.T) {
	in := "refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main 2222222222222222222222222222222222222222\n\n" +
		"(delete) 0000000000000000000000000000000000000000 refs/heads/old 3333333333333333333333333333333333333333\n"
	us, err := ReadUpdates(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 2 || us[0].LocalRef != "refs/heads/main" || us[0].RemoteSHA != strings.Repeat("2", 40) || us[1].RemoteRef != "refs/heads/old" {
		t.Errorf("updates = %+v", us)
	}
	if _, err := ReadUpdates(strings.NewReader("refs/heads/main abc refs/heads/main def\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed: err = %v", err)
	}
}

func TestScriptQuotesTheBinaryAndCarriesTheMarker(t *testing.T) {
	s := string(Script("/opt/it's here/shiftgate"))
	if !strings.HasPrefix(s, "#!/bin/sh\n"+Marker+"\n") {
		t.Errorf("script does not start with the shebang and the marker:\n%s", s)
	}
	if !strings.Contains(s, `installed='/opt/it'\''s here/shiftgate'`) {
		t.Errorf("the binary path is not shell-quoted:\n%s", s)
	}
	if _, err := exec.LookPath("sh"); err == nil {
		if out, err := exec.Command("sh", "-n", "-c", s).CombinedOutput(); err != nil {
			t.Errorf("sh -n rejects the hook: %v\n%s", err, out)
		}
	}
}

func TestTargets(t *testing.T) {
	dir := t.TempDir()
	git := testutil.Git(t, dir)
	git("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, "a"), []byte("a\n"), 0o644)
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	git("update-ref", "refs/remotes/origin/main", base)
	git("checkout", "-q", "-b", "topic")
	os.WriteFile(filepath.Join(dir, "b"), []byte("b\n"), 0o644)
	git("add", "-A")
	git("commit", "-q", "-m", "topic")
	head := git("rev-parse", "HEAD")
	zero := strings.Repeat("0", 40)

	ts := Targets(context.Background(), dir, "origin", []Update{
		{LocalRef: "refs/heads/topic", LocalSHA: head, RemoteRef: "refs/heads/topic", RemoteSHA: base},                // existing branch
		{LocalRef: "refs/heads/topic", LocalSHA: head, RemoteRef: "refs/heads/new", RemoteSHA: zero},                  // new branch
		{LocalRef: "(delete)", LocalSHA: zero, RemoteRef: "refs/heads/gone", RemoteSHA: base},                         // deletion: skipped
		{LocalRef: "refs/heads/topic", LocalSHA: head, RemoteRef: "refs/heads/x", RemoteSHA: strings.Repeat("9", 40)}, // unknown remote sha
	})
	if len(ts) != 3 {
		t.Fatalf("targets = %+v, want 3 (the deletion skipped)", ts)
	}
	if ts[0].Base != base || ts[0].Why != "the remote's topic" {
		t.Errorf("existing branch: %+v", ts[0])
	}
	if ts[1].Base != base || ts[1].Why != "the merge base with origin/main" {
		t.Errorf("new branch: %+v", ts[1])
	}
	if ts[2].Base != base {
		t.Errorf("a remote sha we do not have falls back to the merge base: %+v", ts[2])
	}

	// Without any remote-tracking ref, the whole tree is scanned.
	git("update-ref", "-d", "refs/remotes/origin/main")
	ts = Targets(context.Background(), dir, "origin", []Update{{LocalRef: "refs/heads/topic", LocalSHA: head, RemoteSHA: zero}})
	if len(ts) != 1 || ts[0].Base != "" || !strings.Contains(ts[0].Why, "whole tree") {
		t.Errorf("no upstream: %+v", ts)
	}
}

func TestInstallWarnsAboutHooksPath(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("git", "init", "-q", dir)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatal(err, string(out))
	}
	cmd = exec.Command("git", "-C", dir, "config", "core.hooksPath", ".husky")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatal(err, string(out))
	}
	in, err := Install(context.Background(), dir, "shiftgate", false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(in.Warning, `core.hooksPath is set to ".husky"`) {
		t.Errorf("warning = %q", in.Warning)
	}
	st, err := os.Stat(in.Path)
	if err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("the hook is not an executable file: %v %v", st, err)
	}
}
