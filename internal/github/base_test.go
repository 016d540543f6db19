package github

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/github/fakeapi"
)

// The base side read through the contents API (fakeapi holds every request to GitHub's
// description): a folder is listed recursively, files are size-capped, a missing file
// is absent, a scanned subfolder sees paths relative to itself, and the changed files
// come from the pull request's file list.
func TestBaseFromAPIReadsTheBaseCommit(t *testing.T) {
	const base = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
	api := fakeapi.New(t, "octo-org", "payments", testToken)
	api.Contents = map[string]map[string]string{base: {
		"svc/.shiftgate.yaml":      "version: 1\n",
		"svc/rego/a.rego":          "package a\n",
		"svc/rego/deep/b.rego":     "package b\n",
		"other/rego/not-ours.rego": "package x\n",
	}}
	api.Files = []fakeapi.File{
		{Filename: "svc/app.py", Status: "modified", Patch: "@@ -1,1 +1,2 @@\n x\n+y\n"},
		{Filename: "other/z.py", Status: "added"},
	}
	ws := t.TempDir()
	e := Env{Owner: "octo-org", Repo: "payments", APIURL: api.URL, Token: testToken, Workspace: ws,
		PR: &PullRequest{Number: 42, BaseSHA: base}}
	set, err := BaseFromAPI(context.Background(), e, filepath.Join(ws, "svc"), api.Client())
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Paths(); !slices.Equal(got, []string{"app.py"}) || !set.ContainsLine("app.py", 2) || set.ContainsLine("app.py", 1) {
		t.Errorf("changed = %q (line 2 only)", got)
	}
	ctx := context.Background()
	files, err := set.At.Files(ctx, "rego")
	if err != nil || !slices.Equal(files, []string{"rego/a.rego", "rego/deep/b.rego"}) {
		t.Errorf("Files(rego) = %q, %v", files, err)
	}
	if data, ok, err := set.At.ReadFile(ctx, ".shiftgate.yaml", 100); err != nil || !ok || string(data) != "version: 1\n" {
		t.Errorf("ReadFile = %q %v %v", data, ok, err)
	}
	if _, _, err := set.At.ReadFile(ctx, "rego/a.rego", 3); !errors.Is(err, changes.ErrTooLarge) {
		t.Errorf("a file over the cap: %v", err)
	}
	if _, ok, err := set.At.ReadFile(ctx, "missing.yaml", 100); ok || err != nil {
		t.Errorf("a missing file: %v %v", ok, err)
	}
	if _, _, err := set.At.ReadFile(ctx, "../other/rego/not-ours.rego", 100); err == nil {
		t.Error("a path leaving the scanned folder was read")
	}
	if v := api.Violations(); len(v) > 0 {
		t.Errorf("requests broke GitHub's description: %q", v)
	}
}
