package hook

import (
	"context"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// pre-commit passes whatever the user gave --from-ref and --to-ref: every ref git can
// resolve is that commit; one it cannot is an error naming the variable and the ref.
func TestResolveRef(t *testing.T) {
	remote, dir := t.TempDir(), t.TempDir()
	testutil.Git(t, remote)("init", "-q", "--bare")
	git := testutil.Git(t, dir)
	git("init", "-q", "-b", "main")
	testutil.WriteFile(t, dir, "a.txt", "one\n")
	git("add", "-A")
	git("commit", "-q", "-m", "one")
	first := git("rev-parse", "HEAD")
	git("remote", "add", "origin", remote)
	git("push", "-q", "origin", "main")
	testutil.WriteFile(t, dir, "a.txt", "two\n")
	git("commit", "-q", "-am", "two")
	second := git("rev-parse", "HEAD")
	git("tag", "v1")

	ctx := context.Background()
	for ref, want := range map[string]string{
		first: first, second[:12]: second, "HEAD": second, "HEAD~1": first, "main": second,
		"origin/main": first, "v1": second, strings.Repeat("0", 40): strings.Repeat("0", 40),
	} {
		got, err := resolveRef(ctx, changes.Git{Dir: dir}, "PRE_COMMIT_FROM_REF", ref)
		if err != nil || got != want {
			t.Errorf("resolveRef(%q) = %q, %v; want %s", ref, got, err, want)
		}
	}
	for _, ref := range []string{"origin/mian", "--output=/tmp/x", strings.Repeat("1", 40), ""} {
		got, err := resolveRef(ctx, changes.Git{Dir: dir}, "PRE_COMMIT_TO_REF", ref)
		if err == nil {
			t.Errorf("resolveRef(%q) = %q, want an error", ref, got)
			continue
		}
		if !strings.Contains(err.Error(), "PRE_COMMIT_TO_REF") {
			t.Errorf("resolveRef(%q): %v; want the error to name the variable", ref, err)
		}
		if ref != "" && !strings.Contains(err.Error(), "does not name a commit") {
			t.Errorf("resolveRef(%q): %v", ref, err)
		}
	}
}
