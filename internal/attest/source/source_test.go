package source

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var commitTime = time.Date(2026, 10, 5, 8, 30, 0, 0, time.UTC)

// gitRepo makes a repository with one commit at commitTime and an origin whose URL
// carries credentials.
func gitRepo(t *testing.T) (root, sha string) {
	t.Helper()
	root = t.TempDir()
	repo, err := git.PlainInit(root, false)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "a.txt"), []byte("a"), 0o644)
	wt, _ := repo.Worktree()
	wt.Add("a.txt")
	sig := &object.Signature{Name: "t", Email: "t@example.com", When: commitTime}
	h, err := wt.Commit("one", &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"https://bot:s3cret-token@git.example.com/acme/app.git"}}); err != nil {
		t.Fatal(err)
	}
	return root, h.String()
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestReadGit(t *testing.T) {
	root, sha := gitRepo(t)
	info, err := Read(root, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if info.Commit != sha || info.Ref != "refs/heads/master" {
		t.Errorf("commit %q ref %q, want %q on master", info.Commit, info.Ref, sha)
	}
	if !info.Time.Equal(commitTime) || info.TimeSource != "commit" {
		t.Errorf("time %v from %q, want the commit time", info.Time, info.TimeSource)
	}
	if info.URL != "https://git.example.com/acme/app.git" {
		t.Errorf("URL %q, want the origin without credentials", info.URL)
	}
	if info.Name != filepath.Base(root) {
		t.Errorf("name %q", info.Name)
	}
}

func TestSourceDateEpochWins(t *testing.T) {
	root, _ := gitRepo(t)
	info, err := Read(root, env(map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}))
	if err != nil {
		t.Fatal(err)
	}
	if info.Time != time.Unix(1700000000, 0).UTC() || info.TimeSource != "SOURCE_DATE_EPOCH" {
		t.Errorf("time %v from %q", info.Time, info.TimeSource)
	}
	if _, err := Read(root, env(map[string]string{"SOURCE_DATE_EPOCH": "yesterday"})); err == nil {
		t.Error("a malformed SOURCE_DATE_EPOCH was accepted")
	}
}

func TestNotAGitCheckout(t *testing.T) {
	info, err := Read(t.TempDir(), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if info.Commit != "" || info.TimeSource != "fixed" || !info.Time.Equal(FixedEpoch) {
		t.Errorf("%+v, want no commit and the fixed epoch", info)
	}
}

func TestGitHubNamesTheRepository(t *testing.T) {
	info, err := Read(t.TempDir(), env(map[string]string{"GITHUB_REPOSITORY": "acme/app", "GITHUB_SHA": "abc", "GITHUB_SERVER_URL": "https://github.example.com/"}))
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "acme/app" || info.URL != "https://github.example.com/acme/app" || info.Commit != "abc" {
		t.Errorf("%+v", info)
	}
}

func TestStripCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://x:tok@github.com/a/b.git": "https://github.com/a/b.git",
		"git@github.com:a/b.git":           "git@github.com:a/b.git",
		"ssh://git@host/a/b":               "ssh://host/a/b",
	} {
		if got := StripCredentials(in); got != want {
			t.Errorf("StripCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}
